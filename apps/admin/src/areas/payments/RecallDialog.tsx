import { useMutation } from '@apollo/client/react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecallWithReasonMutation as RecallResult } from '../../gql/graphql';
import { downloadWithAuth } from '../../shared/download';
import { errorMessage } from '../../shared/errors';
import { RecallWithReasonMutation } from './money2-operations';

const REASONS = ['BANK_REQUEST', 'PAID_IN_FULL', 'DISPUTE', 'DECEASED', 'BANKRUPTCY', 'PLACEMENT_EXPIRY', 'OTHER'] as const;
const todayISO = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

type Summary = RecallResult['recallAccounts'];
interface Values {
  reasonCode: (typeof REASONS)[number];
  effectiveOn: string;
  reason?: string;
}

/**
 * Recall with a reason code and an effective date, for a placement (bank portal) or one account (its
 * money panel). A first submit that finds open plans or promises shows them and asks again; after the
 * recall the return file (退案清单) can be downloaded.
 */
export function RecallDialog({ title, selection, onClose, onRecalled }: { title: string; selection: { placementId: string } | { accountIds: string[] }; onClose: () => void; onRecalled?: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, notification } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [warning, setWarning] = useState<Summary | null>(null);
  const [recall, { loading }] = useMutation(RecallWithReasonMutation, { refetchQueries: ['Placements', 'Accounts', 'PortfolioSummary', 'AccountMoney', 'AccountCredits'] });
  const reasonCode = Form.useWatch('reasonCode', form);

  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const download = (id: string, format: 'csv' | 'xlsx') =>
    downloadWithAuth(`/api/recalls/${encodeURIComponent(id)}/return-file?format=${format}&lang=${lang}`, `${lang === 'en' ? 'returned' : '退案清单'}.${format}`).catch((e) => void message.error(errorMessage(e)));

  async function submit() {
    const v = await form.validateFields();
    try {
      const r = (await recall({ variables: { input: { ...selection, reasonCode: v.reasonCode, effectiveOn: v.effectiveOn, reason: v.reason?.trim() || null, confirmOpenItems: !!warning } } })).data?.recallAccounts;
      if (!r) return;
      if (r.needsConfirmation) return setWarning(r);
      if (r.blockedByLegalCase) void message.warning(t('money2.blocked', { count: r.blockedByLegalCase }));
      // The return file is offered in a notification, so the page stays usable once the dialog closes.
      notification.success({
        key: 'recall-done',
        duration: 0,
        title: t('money2.recalled', { count: r.recalled }),
        description: r.recallIds.map((id) => (
          <Space key={id} data-testid="recall-done">
            <Button size="small" icon={<DownloadOutlined />} data-testid="return-file-csv" onClick={() => void download(id, 'csv')}>
              {t('money2.returnFile')}
            </Button>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(id, 'xlsx')}>
              {t('money2.returnFileXlsx')}
            </Button>
          </Space>
        )),
      });
      onRecalled?.();
      onClose();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }


  return (
    <Modal
      open
      width={640}
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={loading}
      okText={warning ? t('money2.recallAnyway') : t('money2.recall')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'recall-submit' } as never}
    >
      <Form form={form} layout="vertical" initialValues={{ reasonCode: 'BANK_REQUEST', effectiveOn: todayISO() }} onValuesChange={() => setWarning(null)}>
        <Form.Item name="reasonCode" label={t('money2.reasonCode')} rules={[{ required: true }]}>
          <Select data-testid="recall-reason-code" options={REASONS.map((r) => ({ value: r, label: t(`money2.reasons.${r}`) }))} />
        </Form.Item>
        <Form.Item name="effectiveOn" label={t('money2.effectiveOn')} rules={[{ required: true }]}>
          <Input type="date" max={todayISO()} data-testid="recall-effective-on" />
        </Form.Item>
        <Form.Item name="reason" label={t('money2.note')} rules={[{ required: reasonCode === 'OTHER', message: t('money2.noteRequired') }, { max: 500 }]}>
          <Input.TextArea rows={2} data-testid="recall-reason" />
        </Form.Item>
      </Form>
      {warning ? (
        <Alert
          type="warning"
          showIcon
          data-testid="recall-open-items"
          title={t('money2.openItemsTitle')}
          description={
            <>
              <Typography.Paragraph>{t('money2.openItemsHelp')}</Typography.Paragraph>
              <Table
                size="small"
                rowKey="itemId"
                pagination={false}
                dataSource={warning.openItems}
                columns={[
                  { title: t('money2.item'), key: 'kind', render: (_, r) => t(`money2.kind.${r.kind}`, { defaultValue: r.kind }) },
                  { title: t('money2.amount'), key: 'amount', align: 'right', dataIndex: 'amount' },
                  { title: t('payments.dueOn'), dataIndex: 'dueOn', key: 'due' },
                  { title: t('payments.status'), key: 'status', render: (_, r) => t(r.kind === 'PLAN' ? `payments.planStatus.${r.status}` : `payments.promiseStatus.${r.status}`, { defaultValue: r.status }) },
                ]}
              />
            </>
          }
        />
      ) : null}
    </Modal>
  );
}
