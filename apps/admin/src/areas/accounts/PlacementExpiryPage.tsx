import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExpiringPlacementsQuery as ExpiringData } from '../../gql/graphql';
import { useCurrentRole } from '../../shared/current-role';
import { LocalDate } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { DecideExtensionMutation, ExpiringPlacementsQuery, RequestExtensionMutation } from './expiry-operations';

type Row = ExpiringData['expiringPlacements'][number];

/** Placements expiring soon; the agency asks to keep one (留案), the bank's user decides. */
export default function PlacementExpiryPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const role = useCurrentRole();
  const isBank = role === 'CLIENT_USER';
  const { data, loading, error } = useQuery(ExpiringPlacementsQuery, { variables: { withinDays: 30 }, fetchPolicy: 'cache-and-network' });
  const [requesting, setRequesting] = useState<Row | null>(null);
  const [decide, deciding] = useMutation(DecideExtensionMutation, { refetchQueries: ['ExpiringPlacements'] });

  const onDecide = async (id: string, approve: boolean) => {
    try {
      const r = await decide({ variables: { id, approve } });
      const out = r.data?.decidePlacementExtension;
      if (out?.__typename === 'Refused') void message.warning(t(`expiry.refusal.${out.code}`, { defaultValue: out.message }));
      else void message.success(approve ? t('expiry.approved') : t('expiry.rejected'));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <div data-testid="expiry-page">
      <PageHeader title={t('expiry.title')} />
      <Card>
        {error ? <Alert type="error" showIcon title={errorMessage(error)} /> : null}
        <Table
          rowKey="id"
          loading={loading}
          data-testid="expiring-table"
          pagination={false}
          dataSource={data?.expiringPlacements ?? []}
          columns={[
            { title: t('bank.placementName'), dataIndex: 'name', key: 'name' },
            { title: t('accounts.client'), key: 'client', render: (_, p) => p.client.name },
            { title: t('bank.expiresOn'), key: 'expiresOn', render: (_, p) => <LocalDate value={p.expiresOn} /> },
            {
              title: t('expiry.daysLeft'),
              key: 'days',
              render: (_, p) => <Tag color={(p.daysToExpiry ?? 0) < 0 ? 'red' : (p.daysToExpiry ?? 0) <= 7 ? 'orange' : 'blue'}>{t('expiry.days', { count: p.daysToExpiry ?? 0 })}</Tag>,
            },
            { title: t('bank.accountCount'), dataIndex: 'activeAccountCount', key: 'active', align: 'right' },
            {
              title: t('expiry.extension'),
              key: 'extension',
              render: (_, p) => {
                const x = p.extensions[0];
                if (!x) return '—';
                return (
                  <Space orientation="vertical" size={0}>
                    <Tag color={x.status === 'approved' ? 'green' : x.status === 'rejected' ? 'red' : 'gold'} data-testid={`extension-status-${p.name}`}>
                      {t(`expiry.status.${x.status}`, { defaultValue: x.status })}
                    </Tag>
                    <span>
                      {t('expiry.until')} <LocalDate value={x.requestedUntil} />
                    </span>
                  </Space>
                );
              },
            },
            {
              title: '',
              key: 'actions',
              render: (_, p) => {
                const pending = p.extensions.find((x) => x.status === 'requested');
                if (isBank) {
                  return pending ? (
                    <Space>
                      <Button size="small" type="primary" loading={deciding.loading} onClick={() => void onDecide(pending.id, true)} data-testid={`approve-${p.name}`}>
                        {t('expiry.approve')}
                      </Button>
                      <Button size="small" danger loading={deciding.loading} onClick={() => void onDecide(pending.id, false)}>
                        {t('expiry.reject')}
                      </Button>
                    </Space>
                  ) : null;
                }
                return pending ? null : (
                  <Button size="small" onClick={() => setRequesting(p)} data-testid={`request-${p.name}`}>
                    {t('expiry.request')}
                  </Button>
                );
              },
            },
          ]}
        />
      </Card>
      {requesting ? <RequestModal placement={requesting} onClose={() => setRequesting(null)} /> : null}
    </div>
  );
}

function RequestModal({ placement, onClose }: { placement: Row; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ until: Dayjs; reason: string }>();
  const [request, { loading }] = useMutation(RequestExtensionMutation, { refetchQueries: ['ExpiringPlacements'] });
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await request({ variables: { input: { placementId: placement.id, until: v.until.format('YYYY-MM-DD'), reason: v.reason.trim() } } });
      const out = r.data?.requestPlacementExtension;
      if (out?.__typename === 'Refused') {
        const params = Object.fromEntries(out.params.map((p) => [p.name, p.value]));
        void message.warning(t(`expiry.refusal.${out.code}`, { ...params, defaultValue: out.message }));
        return;
      }
      void message.success(t('expiry.requested'));
      onClose();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Modal open title={`${t('expiry.request')} · ${placement.name}`} onCancel={onClose} onOk={() => void submit()} confirmLoading={loading} okButtonProps={{ 'data-testid': 'request-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical">
        <Form.Item name="until" label={t('expiry.until')} rules={[{ required: true, message: t('expiry.untilRequired') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('bank.reason')} rules={[{ required: true, whitespace: true, message: t('expiry.reasonRequired') }]}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
