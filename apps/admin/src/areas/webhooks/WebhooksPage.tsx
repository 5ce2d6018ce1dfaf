import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookDeliveriesQuery as DeliveriesData, WebhookSubscriptionsQuery as SubscriptionsData } from '../../gql/graphql';
import { ClientPicker, useSelectedClient } from '../bank/ClientPicker';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { ErrorState, Loading } from '../../shared/states';
import {
  CreateWebhookSubscriptionMutation,
  DeleteWebhookSubscriptionMutation,
  RedeliverWebhookMutation,
  SetWebhookSubscriptionStatusMutation,
  UpdateWebhookSubscriptionMutation,
  WebhookDeliveriesQuery,
  WebhookEventTypesQuery,
  WebhookSubscriptionsQuery,
} from './operations';

type Subscription = SubscriptionsData['webhookSubscriptions'][number];
type Delivery = DeliveriesData['webhookDeliveries']['edges'][number]['node'];

const DELIVERY_COLOR: Record<string, string> = { PENDING: 'processing', SUCCEEDED: 'success', FAILED: 'error' };

/** A bank's webhook subscriptions (its own users, or the agency admin for a chosen bank) and their delivery log. */
export default function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const clientState = useSelectedClient();
  const clientId = clientState.client?.id ?? null;
  const subs = useQuery(WebhookSubscriptionsQuery, { variables: { clientId }, skip: !clientId });
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Subscription | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [setStatus] = useMutation(SetWebhookSubscriptionStatusMutation);
  const [remove] = useMutation(DeleteWebhookSubscriptionMutation, { refetchQueries: ['WebhookSubscriptions'] });

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(done);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const list = subs.data?.webhookSubscriptions ?? [];
  const current = list.find((s) => s.id === selected) ?? null;

  return (
    <div data-testid="webhooks-page">
      <PageHeader
        title={t('webhooks.title')}
        extra={
          <Space>
            <ClientPicker state={clientState} />
            <Button type="primary" onClick={() => setCreating(true)} disabled={!clientId} data-testid="webhook-new">
              {t('webhooks.new')}
            </Button>
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
      <Card title={t('webhooks.subscriptions')} style={{ marginBottom: 16 }}>
        {subs.error ? (
          <ErrorState error={subs.error} onRetry={() => void subs.refetch()} />
        ) : subs.loading && !subs.data ? (
          <Loading />
        ) : (
          <Table<Subscription>
            data-testid="webhook-subscriptions"
            rowKey="id"
            dataSource={list}
            pagination={false}
            locale={{ emptyText: t('webhooks.none') }}
            columns={[
              { title: t('webhooks.url'), dataIndex: 'url', key: 'url', render: (u: string, s) => <Typography.Text data-testid="webhook-url" title={s.description ?? undefined}>{u}</Typography.Text> },
              { title: t('webhooks.eventTypes'), dataIndex: 'eventTypes', key: 'types', render: (types: string[]) => types.map((x) => <Tag key={x}>{x}</Tag>) },
              {
                title: t('webhooks.status'),
                dataIndex: 'status',
                key: 'status',
                render: (s: string) => <Tag color={s === 'ACTIVE' ? 'success' : 'default'} data-testid={`webhook-status-${s}`}>{t(`webhooks.statuses.${s}`)}</Tag>,
              },
              { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => <DateTime value={v} /> },
              {
                title: '',
                key: 'actions',
                render: (_: unknown, s) => (
                  <Space>
                    <Button size="small" type={selected === s.id ? 'primary' : 'default'} onClick={() => setSelected(s.id)} data-testid="webhook-show-deliveries">
                      {t('webhooks.deliveries')}
                    </Button>
                    <Button size="small" onClick={() => setEditing(s)} data-testid="webhook-edit">
                      {t('webhooks.edit')}
                    </Button>
                    <Button
                      size="small"
                      data-testid="webhook-toggle"
                      onClick={() => void run(() => setStatus({ variables: { id: s.id, status: s.status === 'ACTIVE' ? 'PAUSED' : 'ACTIVE' } }), t('webhooks.saved'))}
                    >
                      {s.status === 'ACTIVE' ? t('webhooks.pause') : t('webhooks.resume')}
                    </Button>
                    <Popconfirm title={t('webhooks.confirmDelete')} onConfirm={() => void run(() => remove({ variables: { id: s.id } }), t('webhooks.deleted'))}>
                      <Button size="small" danger data-testid="webhook-delete">
                        {t('webhooks.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {current && <DeliveryLog subscription={current} />}
      {creating && clientId && (
        <CreateModal
          clientId={clientId}
          onClose={() => setCreating(false)}
          onCreated={(id, s) => {
            setCreating(false);
            setSelected(id);
            setSecret(s);
          }}
        />
      )}
      {editing && <EditModal subscription={editing} onClose={() => setEditing(null)} />}
      <Modal open={!!secret} destroyOnHidden title={t('webhooks.secretTitle')} onOk={() => setSecret(null)} onCancel={() => setSecret(null)} cancelButtonProps={{ style: { display: 'none' } }} okText={t('webhooks.secretDone')}>
        <Alert type="warning" showIcon message={t('webhooks.secretOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="webhook-secret">
          {secret}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('webhooks.secretHow')}</Typography.Paragraph>
      </Modal>
    </div>
  );
}

function CreateModal({ clientId, onClose, onCreated }: { clientId: string; onClose: () => void; onCreated: (id: string, secret: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ url: string; eventTypes: string[]; description?: string }>();
  const types = useQuery(WebhookEventTypesQuery);
  const [create, { loading }] = useMutation(CreateWebhookSubscriptionMutation, { refetchQueries: ['WebhookSubscriptions'] });

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await create({ variables: { input: { clientId, url: v.url, eventTypes: v.eventTypes, description: v.description || null } } });
      const result = r.data?.createWebhookSubscription;
      if (result?.__typename === 'WebhookSubscriptionWithSecret') onCreated(result.subscription.id, result.secret);
      else if (result?.__typename === 'LimitExceeded') void message.warning(result.message);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal open title={t('webhooks.new')} onOk={() => void submit()} onCancel={onClose} confirmLoading={loading} okText={t('webhooks.create')} okButtonProps={{ id: 'webhook-create' }}>
      <Form form={form} layout="vertical">
        <Form.Item name="url" label={t('webhooks.url')} rules={[{ required: true, pattern: /^https?:\/\/\S+$/, message: t('webhooks.urlRule') }]}>
          <Input placeholder="https://bank.example/arrears-events" data-testid="webhook-url-input" />
        </Form.Item>
        <Form.Item name="eventTypes" label={t('webhooks.eventTypes')} rules={[{ required: true, message: t('webhooks.typesRule') }]}>
          <Select mode="multiple" loading={types.loading} options={(types.data?.webhookEventTypes ?? []).map((x) => ({ value: x, label: x }))} data-testid="webhook-types" />
        </Form.Item>
        <Form.Item name="description" label={t('webhooks.description')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Changes a subscription's URL and event types; the server checks them as when subscribing. */
function EditModal({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ url: string; eventTypes: string[] }>();
  const types = useQuery(WebhookEventTypesQuery);
  const [update, { loading }] = useMutation(UpdateWebhookSubscriptionMutation);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await update({ variables: { input: { id: subscription.id, url: v.url, eventTypes: v.eventTypes } } });
      void message.success(t('webhooks.saved'));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal open title={t('webhooks.editTitle')} onOk={() => void submit()} onCancel={onClose} confirmLoading={loading} okText={t('webhooks.save')} okButtonProps={{ id: 'webhook-save' }}>
      <Form form={form} layout="vertical" initialValues={{ url: subscription.url, eventTypes: subscription.eventTypes }}>
        <Form.Item name="url" label={t('webhooks.url')} rules={[{ required: true, pattern: /^https?:\/\/\S+$/, message: t('webhooks.urlRule') }]}>
          <Input data-testid="webhook-edit-url" />
        </Form.Item>
        <Form.Item name="eventTypes" label={t('webhooks.eventTypes')} rules={[{ required: true, message: t('webhooks.typesRule') }]}>
          <Select mode="multiple" loading={types.loading} options={(types.data?.webhookEventTypes ?? []).map((x) => ({ value: x, label: x }))} data-testid="webhook-edit-types" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DeliveryLog({ subscription }: { subscription: Subscription }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [redeliver, { loading }] = useMutation(RedeliverWebhookMutation, { refetchQueries: ['WebhookDeliveries'] });

  const onRedeliver = async (id: string) => {
    try {
      const r = await redeliver({ variables: { deliveryId: id } });
      const result = r.data?.redeliverWebhook;
      if (result?.__typename === 'NotEligible') void message.warning(result.message);
      else void message.success(t('webhooks.redelivered'));
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Card title={t('webhooks.logTitle', { url: subscription.url })}>
      <ConnectionTable
        testId="webhook-deliveries"
        query={WebhookDeliveriesQuery}
        variables={{ subscriptionId: subscription.id }}
        select={(d) => d.webhookDeliveries}
        rowKey={(n: Delivery) => n.id}
        pollInterval={3_000}
        emptyText={t('webhooks.noDeliveries')}
        columns={[
          { title: t('webhooks.event'), key: 'event', render: (_: unknown, d: Delivery) => <span data-testid="delivery-event">{d.eventType}</span> },
          {
            title: t('webhooks.status'),
            dataIndex: 'status',
            key: 'status',
            render: (s: string) => <Tag color={DELIVERY_COLOR[s]} data-testid={`delivery-status-${s}`}>{t(`webhooks.deliveryStatuses.${s}`)}</Tag>,
          },
          {
            title: t('webhooks.attempts'),
            key: 'attempts',
            render: (_: unknown, d: Delivery) => (
              <div data-testid="delivery-attempts">
                {d.attemptLog.map((a) => (
                  <div key={a.attempt}>
                    <Typography.Text type={a.succeeded ? 'success' : 'danger'}>
                      #{a.attempt} · {a.statusCode ?? '—'} · {t('webhooks.latency', { ms: a.latencyMs })}
                    </Typography.Text>
                    {a.error ? <Typography.Text type="secondary"> · {a.error}</Typography.Text> : null} · <DateTime value={a.attemptedAt} />
                  </div>
                ))}
                {d.nextAttemptAt && d.status === 'PENDING' ? (
                  <Typography.Text type="secondary">
                    {t('webhooks.nextAttempt')} <DateTime value={d.nextAttemptAt} />
                  </Typography.Text>
                ) : null}
              </div>
            ),
          },
          { title: t('webhooks.eventId'), dataIndex: 'eventId', key: 'eventId', render: (v: string) => <Typography.Text copyable={{ text: v }}>{v.slice(0, 8)}</Typography.Text> },
          { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => <DateTime value={v} /> },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, d: Delivery) =>
              d.status === 'PENDING' ? null : (
                <Button size="small" loading={loading} onClick={() => void onRedeliver(d.id)} data-testid="delivery-redeliver">
                  {t('webhooks.redeliver')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
