import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LocalDate } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { useCurrentRole } from '../../shared/current-role';
import { errorMessage } from '../../shared/errors';
import { AccountCreditsQuery, ApplyCreditMutation, RefundCreditMutation } from './money2-operations';
import { RecallDialog } from './RecallDialog';

const todayISO = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
/** Amounts leave the form as exact decimal strings, never floats. */
const amountRule = { pattern: /^\d{1,16}(\.\d{1,2})?$/, message: '0.00' };
const REFETCH = ['AccountMoney', 'AccountCredits'];

/**
 * Part of the money panel: the account's status, recall of this one account (bank user, supervisor,
 * agency admin), and what happens to a credit: refunded with a reference, or applied to another
 * account of the same debtor at the same bank (supervisors and agency admins).
 */
export function CreditAndRecall({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const role = useCurrentRole();
  const { data } = useQuery(AccountCreditsQuery, { variables: { id: accountId }, fetchPolicy: 'cache-and-network' });
  const [open, setOpen] = useState<'refund' | 'apply' | 'recall' | null>(null);
  const m = data?.accountMoney;
  if (!m) return null;
  const decides = role === 'SUPERVISOR' || role === 'AGENCY_ADMIN';
  const hasCredit = Number(m.balance.credit.amount) > 0; // display decision only; amounts stay strings
  const canRecall = (decides || role === 'CLIENT_USER') && m.accountStatus === 'ACTIVE';
  return (
    <div data-testid="credit-and-recall" style={{ margin: '8px 0' }}>
      <Space wrap>
        <Tag data-testid="account-status">{t(`money2.status.${m.accountStatus}`, { defaultValue: m.accountStatus })}</Tag>
        {decides && hasCredit ? (
          <>
            <Button size="small" data-testid="refund-credit-open" onClick={() => setOpen('refund')}>
              {t('money2.refundCredit')}
            </Button>
            <Button size="small" data-testid="apply-credit-open" disabled={!m.creditTargets.length} title={m.creditTargets.length ? undefined : t('money2.noTargets')} onClick={() => setOpen('apply')}>
              {t('money2.applyCredit')}
            </Button>
          </>
        ) : null}
        {canRecall ? (
          <Button size="small" danger data-testid="recall-account-open" onClick={() => setOpen('recall')}>
            {t('money2.recallAccount')}
          </Button>
        ) : null}
      </Space>
      {m.refunds.length || m.creditTransfers.length ? (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          data-testid="credit-history"
          rowKey="id"
          pagination={false}
          dataSource={[
            ...m.refunds.map((r) => ({ id: r.id, what: t('money2.refunds'), ref: r.reference, amount: r.amount, on: r.refundedOn as string | null })),
            ...m.creditTransfers.map((c) => ({ id: c.id, what: t('money2.transfers'), ref: '', amount: c.amount, on: null })),
          ]}
          columns={[
            { title: '', dataIndex: 'what', key: 'what' },
            { title: t('money2.refundReference'), dataIndex: 'ref', key: 'ref' },
            { title: t('money2.amount'), key: 'amount', align: 'right', render: (_, r) => <Money amount={r.amount} currency={m.balance.credit.currency} /> },
            { title: t('money2.refundedOn'), key: 'on', render: (_, r) => (r.on ? <LocalDate value={r.on} /> : null) },
          ]}
        />
      ) : null}
      {open === 'refund' ? <RefundModal accountId={accountId} credit={m.balance.credit} onClose={() => setOpen(null)} /> : null}
      {open === 'apply' ? <ApplyModal accountId={accountId} credit={m.balance.credit} targets={m.creditTargets} onClose={() => setOpen(null)} /> : null}
      {open === 'recall' ? <RecallDialog title={t('money2.recallAccount')} selection={{ accountIds: [accountId] }} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function RefundModal({ accountId, credit, onClose }: { accountId: string; credit: { amount: string; currency: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [refund, { loading }] = useMutation(RefundCreditMutation, { refetchQueries: REFETCH });
  async function submit() {
    const v = await form.validateFields();
    try {
      const r = (await refund({ variables: { input: { accountId, amount: v.amount, reference: v.reference, refundedOn: v.refundedOn, note: v.note || null } } })).data?.refundCredit;
      if (r?.__typename === 'NotEligible') return void message.error(r.message);
      if (r?.__typename === 'CreditRefunded' && r.duplicate) void message.warning(t('money2.refundDuplicate'));
      else void message.success(t('money2.refunded'));
      onClose();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }
  return (
    <Modal open title={t('money2.refundCredit')} onOk={() => void submit()} onCancel={onClose} confirmLoading={loading} okButtonProps={{ 'data-testid': 'refund-submit' } as never}>
      <Typography.Paragraph>
        {t('payments.credit')}: <Money value={credit} />
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ amount: credit.amount, refundedOn: todayISO() }}>
        <Form.Item name="amount" label={t('money2.amount')} rules={[{ required: true }, amountRule]}>
          <Input inputMode="decimal" data-testid="refund-amount" />
        </Form.Item>
        <Form.Item name="reference" label={t('money2.refundReference')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="refund-reference" />
        </Form.Item>
        <Form.Item name="refundedOn" label={t('money2.refundedOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="note" label={t('money2.note')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ApplyModal({ accountId, credit, targets, onClose }: { accountId: string; credit: { amount: string; currency: string }; targets: { accountId: string; bankRef: string; totalDue: string }[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [apply, { loading }] = useMutation(ApplyCreditMutation, { refetchQueries: REFETCH });
  async function submit() {
    const v = await form.validateFields();
    try {
      const r = (await apply({ variables: { input: { fromAccountId: accountId, toAccountId: v.toAccountId, amount: v.amount, note: v.note || null } } })).data?.applyCredit;
      if (r?.__typename === 'NotEligible') return void message.error(r.message);
      void message.success(t('money2.applied'));
      onClose();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }
  return (
    <Modal open title={t('money2.applyCredit')} onOk={() => void submit()} onCancel={onClose} confirmLoading={loading} okButtonProps={{ 'data-testid': 'apply-submit' } as never}>
      <Typography.Paragraph>
        {t('payments.credit')}: <Money value={credit} />
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ amount: credit.amount }}>
        <Form.Item name="toAccountId" label={t('money2.toAccount')} rules={[{ required: true }]}>
          <Select
            data-testid="apply-target"
            options={targets.map((x) => ({ value: x.accountId, label: `${x.bankRef} (${x.totalDue} ${credit.currency})` }))}
          />
        </Form.Item>
        <Form.Item name="amount" label={t('money2.amount')} rules={[{ required: true }, amountRule]}>
          <Input inputMode="decimal" data-testid="apply-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('money2.note')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
