import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LocalDate } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { useCurrentRole } from '../../shared/current-role';
import { errorMessage } from '../../shared/errors';
import { ErrorState, Loading } from '../../shared/states';
import { AccountMoneyQuery, PostPaymentMutation, PreviewPlanQuery, ProposePlanMutation, ReversePaymentMutation, TakePromiseMutation } from './operations';
import { LimitsExceeded, PlanCard } from './PlanCard';
import { CreditAndRecall } from './CreditAndRecall';

const todayISO = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const plusDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Amounts leave the form as exact decimal strings, never floats. */
const amountRule = { pattern: /^\d{1,16}(\.\d{1,2})?$/, message: '0.00' };

/** The account page's money panel: balances by component, ledger, payments, promises and plans. */
export function MoneyPanel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const role = useCurrentRole();
  const staff = role === 'COLLECTOR' || role === 'SUPERVISOR' || role === 'AGENCY_ADMIN';
  const { data, loading, error, refetch } = useQuery(AccountMoneyQuery, { variables: { id: accountId }, fetchPolicy: 'cache-and-network' });
  const [open, setOpen] = useState<'payment' | 'promise' | 'plan' | null>(null);
  const [reverse] = useMutation(ReversePaymentMutation);

  if (loading && !data) return <Loading testId="money-loading" />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const m = data?.accountMoney;
  if (!m) return null;
  const b = m.balance;
  const done = () => {
    setOpen(null);
    void refetch();
  };

  async function onReverse(id: string) {
    const reason = window.prompt(t('payments.reverseReason')) ?? '';
    if (!reason.trim()) return;
    try {
      const r = (await reverse({ variables: { id, reason } })).data?.reversePayment;
      if (r?.__typename === 'NotEligible') void message.error(r.message);
      void refetch();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  return (
    <Card
      title={t('payments.title')}
      data-testid="money-panel"
      extra={
        staff && !m.closeReason ? (
          <Space wrap>
            <Button data-testid="post-payment-open" onClick={() => setOpen('payment')}>
              {t('payments.postPayment')}
            </Button>
            <Button data-testid="take-promise-open" onClick={() => setOpen('promise')}>
              {t('payments.takePromise')}
            </Button>
            <Button type="primary" data-testid="propose-plan-open" onClick={() => setOpen('plan')}>
              {t('payments.proposePlan')}
            </Button>
          </Space>
        ) : null
      }
    >
      {m.closeReason ? <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t(`payments.closed.${m.closeReason}`, { defaultValue: m.closeReason })} /> : null}
      <Descriptions size="small" column={{ xs: 2, md: 4 }} data-testid="money-balance">
        <Descriptions.Item label={t('accounts.principal')}><Money value={b.principal} /></Descriptions.Item>
        <Descriptions.Item label={t('accounts.interest')}><Money value={b.interest} /></Descriptions.Item>
        <Descriptions.Item label={t('accounts.fees')}><Money value={b.fees} /></Descriptions.Item>
        <Descriptions.Item label={t('payments.lateCharges')}><Money value={b.lateCharges} /></Descriptions.Item>
        <Descriptions.Item label={t('payments.costs')}><Money value={b.costs} /></Descriptions.Item>
        <Descriptions.Item label={t('accounts.totalDue')}><Money value={b.totalDue} strong testId="money-total-due" /></Descriptions.Item>
        <Descriptions.Item label={t('payments.credit')}><Money value={b.credit} /></Descriptions.Item>
        <Descriptions.Item label={t('accounts.collected')}><Money value={b.collected} testId="money-collected" /></Descriptions.Item>
        <Descriptions.Item label={t('payments.ledgerCheck')}>
          <Tag color={m.ledgerMatches ? 'green' : 'red'} data-testid="ledger-check">
            {m.ledgerMatches ? t('payments.ledgerMatches') : t('payments.ledgerDiffers')}
          </Tag>
        </Descriptions.Item>
      </Descriptions>
      <CreditAndRecall accountId={accountId} />
      <Tabs
        items={[
          {
            key: 'plans',
            label: t('payments.plans', { count: m.plans.length }),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }} data-testid="plans">
                {m.plans.length ? m.plans.map((p) => <PlanCard key={p.id} plan={p} canDecide={false} onChanged={() => void refetch()} />) : <Typography.Text type="secondary">{t('payments.noPlans')}</Typography.Text>}
              </Space>
            ),
          },
          {
            key: 'payments',
            label: t('payments.payments', { count: m.payments.length }),
            children: (
              <Table
                size="small"
                data-testid="payments-table"
                rowKey="id"
                pagination={false}
                dataSource={m.payments}
                columns={[
                  { title: t('payments.paidOn'), key: 'on', render: (_, r) => <LocalDate value={r.paidOn} /> },
                  { title: t('payments.reference'), dataIndex: 'bankTxnRef', key: 'ref' },
                  { title: t('payments.amount'), key: 'amount', align: 'right', render: (_, r) => <Money value={r.amount} /> },
                  { title: t('payments.channel'), key: 'channel', render: (_, r) => t(`payments.channels.${r.channel}`) },
                  { title: t('payments.status'), key: 'status', render: (_, r) => <Tag color={r.status === 'REVERSED' ? 'red' : 'green'}>{t(`payments.paymentStatus.${r.status}`)}</Tag> },
                  {
                    title: '',
                    key: 'reverse',
                    render: (_, r) =>
                      (role === 'SUPERVISOR' || role === 'AGENCY_ADMIN') && r.status === 'POSTED' ? (
                        <Button size="small" danger onClick={() => void onReverse(r.id)}>
                          {t('payments.reverse')}
                        </Button>
                      ) : (r.reversalReason ?? null),
                  },
                ]}
              />
            ),
          },
          {
            key: 'promises',
            label: t('payments.promises', { count: m.promises.length }),
            children: (
              <Table
                size="small"
                data-testid="promises-table"
                rowKey="id"
                pagination={false}
                dataSource={m.promises}
                columns={[
                  { title: t('payments.dueOn'), key: 'due', render: (_, r) => <LocalDate value={r.dueOn} /> },
                  { title: t('payments.amount'), key: 'amount', align: 'right', render: (_, r) => <Money value={r.amount} /> },
                  { title: t('payments.paid'), key: 'paid', align: 'right', render: (_, r) => <Money value={r.paid} /> },
                  { title: t('payments.status'), key: 'status', render: (_, r) => <Tag>{t(`payments.promiseStatus.${r.status}`)}</Tag> },
                ]}
              />
            ),
          },
          {
            key: 'ledger',
            label: t('payments.ledger'),
            children: (
              <Table
                size="small"
                data-testid="ledger-table"
                rowKey="id"
                pagination={false}
                scroll={{ x: true }}
                dataSource={m.ledger.edges.map((e) => e.node)}
                columns={[
                  { title: t('payments.effectiveOn'), key: 'on', render: (_, r) => <LocalDate value={r.effectiveOn} /> },
                  { title: t('payments.kind'), key: 'kind', render: (_, r) => t(`payments.kinds.${r.kind}`) },
                  { title: t('accounts.principal'), dataIndex: 'principal', key: 'p', align: 'right' },
                  { title: t('accounts.interest'), dataIndex: 'interest', key: 'i', align: 'right' },
                  { title: t('accounts.fees'), dataIndex: 'fees', key: 'f', align: 'right' },
                  { title: t('payments.lateCharges'), dataIndex: 'lateCharges', key: 'l', align: 'right' },
                  { title: t('payments.costs'), dataIndex: 'costs', key: 'c', align: 'right' },
                  { title: t('payments.credit'), dataIndex: 'credit', key: 'cr', align: 'right' },
                  { title: t('payments.change'), dataIndex: 'total', key: 't', align: 'right' },
                  { title: t('payments.note'), dataIndex: 'note', key: 'n' },
                ]}
              />
            ),
          },
        ]}
      />
      {open === 'payment' ? <PaymentModal accountId={accountId} onDone={done} onCancel={() => setOpen(null)} /> : null}
      {open === 'promise' ? <PromiseModal accountId={accountId} onDone={done} onCancel={() => setOpen(null)} /> : null}
      {open === 'plan' ? <PlanModal accountId={accountId} onDone={done} onCancel={() => setOpen(null)} /> : null}
    </Card>
  );
}

function PaymentModal({ accountId, onDone, onCancel }: { accountId: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [post, { loading }] = useMutation(PostPaymentMutation);
  async function submit() {
    const v = await form.validateFields();
    try {
      const r = (await post({ variables: { input: { accountId, bankTxnRef: v.bankTxnRef, amount: v.amount, paidOn: v.paidOn, channel: v.channel, note: v.note || null } } })).data?.postPayment;
      if (r?.__typename === 'NotEligible') return void message.error(r.message);
      if (r?.__typename === 'PaymentPosted' && r.duplicate) void message.warning(t('payments.duplicate'));
      else void message.success(t('payments.posted'));
      onDone();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }
  return (
    <Modal open title={t('payments.postPayment')} onOk={() => void submit()} onCancel={onCancel} confirmLoading={loading} okButtonProps={{ 'data-testid': 'post-payment-submit' } }>
      <Form form={form} layout="vertical" initialValues={{ paidOn: todayISO(), channel: 'AGENCY' }}>
        <Form.Item name="bankTxnRef" label={t('payments.reference')} rules={[{ required: true }]}>
          <Input data-testid="payment-ref" />
        </Form.Item>
        <Form.Item name="amount" label={t('payments.amount')} rules={[{ required: true }, amountRule]}>
          <Input data-testid="payment-amount" inputMode="decimal" />
        </Form.Item>
        <Form.Item name="paidOn" label={t('payments.paidOn')} rules={[{ required: true }]}>
          <Input type="date" data-testid="payment-date" />
        </Form.Item>
        <Form.Item name="channel" label={t('payments.channel')}>
          <Select options={['AGENCY', 'DIRECT_TO_BANK'].map((c) => ({ value: c, label: t(`payments.channels.${c}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('payments.note')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PromiseModal({ accountId, onDone, onCancel }: { accountId: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [take, { loading }] = useMutation(TakePromiseMutation);
  async function submit() {
    const v = await form.validateFields();
    try {
      const r = (await take({ variables: { input: { accountId, promises: [{ amount: v.amount, dueOn: v.dueOn }] } } })).data?.takePromise;
      if (r?.__typename === 'NotEligible') return void message.error(r.message);
      void message.success(t('payments.promiseTaken'));
      onDone();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }
  return (
    <Modal open title={t('payments.takePromise')} onOk={() => void submit()} onCancel={onCancel} confirmLoading={loading} okButtonProps={{ 'data-testid': 'take-promise-submit' } }>
      <Form form={form} layout="vertical" initialValues={{ dueOn: plusDays(todayISO(), 3) }}>
        <Form.Item name="amount" label={t('payments.amount')} rules={[{ required: true }, amountRule]}>
          <Input data-testid="promise-amount" inputMode="decimal" />
        </Form.Item>
        <Form.Item name="dueOn" label={t('payments.dueOn')} rules={[{ required: true }]}>
          <Input type="date" data-testid="promise-date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PlanModal({ accountId, onDone, onCancel }: { accountId: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [terms, setTerms] = useState<{ accountId: string; months: number; firstDueOn: string; discount: string | null; interestFreeze: boolean } | null>(null);
  const preview = useQuery(PreviewPlanQuery, { variables: { input: terms! }, skip: !terms, fetchPolicy: 'network-only' });
  const [propose, { loading }] = useMutation(ProposePlanMutation);

  async function onPreview() {
    const v = await form.validateFields(['months', 'firstDueOn', 'discount']);
    setTerms({ accountId, months: v.months, firstDueOn: v.firstDueOn, discount: v.discount || null, interestFreeze: !!form.getFieldValue('interestFreeze') });
  }
  async function submit() {
    const v = await form.validateFields();
    try {
      const r = (
        await propose({ variables: { input: { accountId, months: v.months, firstDueOn: v.firstDueOn, discount: v.discount || null, interestFreeze: !!v.interestFreeze, agreementRef: v.agreementRef, note: v.note || null } } })
      ).data?.proposeRepaymentPlan;
      if (r?.__typename === 'NotEligible') return void message.error(r.message);
      if (r?.__typename === 'RepaymentPlan') void message.success(r.status === 'ACTIVE' ? t('payments.planActive') : t('payments.planWaiting', { level: t(`payments.level.${r.requiredApprover}`) }));
      onDone();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }
  const p = preview.data?.previewRepaymentPlan;
  return (
    <Modal open width={760} title={t('payments.proposePlan')} onOk={() => void submit()} onCancel={onCancel} confirmLoading={loading} okText={t('payments.propose')} okButtonProps={{ 'data-testid': 'propose-plan-submit' } }>
      <Form form={form} layout="vertical" initialValues={{ months: 12, firstDueOn: plusDays(todayISO(), 7), interestFreeze: false }} onValuesChange={() => setTerms(null)}>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="months" label={t('payments.months')} rules={[{ required: true }]}>
              <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} data-testid="plan-months" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="firstDueOn" label={t('payments.firstDueOn')} rules={[{ required: true }]}>
              <Input type="date" data-testid="plan-first-due" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="discount" label={t('payments.discount')} rules={[amountRule]}>
              <Input data-testid="plan-discount" inputMode="decimal" placeholder="0.00" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="interestFreeze" valuePropName="checked">
          <Checkbox>{t('payments.interestFreeze')}</Checkbox>
        </Form.Item>
        <Form.Item name="agreementRef" label={t('payments.agreementRef')} extra={t('payments.agreementHint')} rules={[{ required: true }]}>
          <Input data-testid="plan-agreement" />
        </Form.Item>
        <Form.Item name="note" label={t('payments.note')}>
          <Input />
        </Form.Item>
        <Button data-testid="plan-preview" onClick={() => void onPreview()} loading={preview.loading}>
          {t('payments.preview')}
        </Button>
      </Form>
      {p?.__typename === 'NotEligible' ? <Alert type="error" style={{ marginTop: 12 }} title={p.message} /> : null}
      {p?.__typename === 'PlanPreview' ? (
        <div data-testid="plan-preview-result" style={{ marginTop: 12 }}>
          <Alert
            type={p.requiredApprover === 'COLLECTOR' ? 'success' : 'info'}
            showIcon
            title={t('payments.approverNeeded', { level: t(`payments.level.${p.requiredApprover}`) })}
            description={<LimitsExceeded breaches={p.limitsExceeded} level={p.requiredApprover} />}
          />
          <Descriptions size="small" column={3} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('payments.basis')}><Money value={p.basis} /></Descriptions.Item>
            <Descriptions.Item label={t('payments.discount')}>
              <Money value={p.discount} /> ({p.discountPercent}%)
            </Descriptions.Item>
            <Descriptions.Item label={t('payments.planTotal')}><Money value={p.total} strong /></Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="seq"
            pagination={false}
            scroll={{ y: 200 }}
            dataSource={p.installments}
            columns={[
              { title: '#', dataIndex: 'seq', key: 'seq', width: 50 },
              { title: t('payments.dueOn'), key: 'due', render: (_, r) => <LocalDate value={r.dueOn} /> },
              { title: t('payments.amount'), key: 'amount', align: 'right', render: (_, r) => <Money value={r.amount} /> },
            ]}
          />
        </div>
      ) : null}
    </Modal>
  );
}
