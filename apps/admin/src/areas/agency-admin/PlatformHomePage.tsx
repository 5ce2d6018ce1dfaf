import { PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgenciesQuery as AgenciesData } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { AgenciesQuery, CreateAgencyMutation, ReactivateAgencyMutation, SuspendAgencyMutation } from './operations';
import { formatCount } from '../../shared/money';

type AgencyNode = AgenciesData['agencies']['edges'][number]['node'];

interface AgencyForm {
  name: string;
  adminEmail: string;
  adminDisplayName: string;
  adminPassword: string;
}

/** The platform admin's home: the agencies (tenants) on the platform. */
export default function PlatformHomePage() {
  const { t, i18n } = useTranslation();
  const count = (n: number) => formatCount(n, i18n.language);
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<AgencyForm>();
  const [create, { loading }] = useMutation(CreateAgencyMutation, { refetchQueries: ['Agencies'] });

  const submit = async () => {
    const values = await form.validateFields();
    try {
      await create({ variables: { input: values } });
      form.resetFields();
      setOpen(false);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <div data-testid="platform-page">
      <PageHeader
        title={t('platform.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="agency-create">
            {t('platform.createAgency')}
          </Button>
        }
      />
      <Card title={t('platform.agencies')}>
        <ConnectionTable
          testId="agencies-table"
          query={AgenciesQuery}
          select={(d) => d.agencies}
          rowKey={(n: AgencyNode) => n.id}
          columns={[
            { title: t('clients.name'), dataIndex: 'name', key: 'name' },
            {
              title: t('agencies3.status'),
              key: 'status',
              render: (_: unknown, n: AgencyNode) =>
                n.status === 'SUSPENDED' ? <Tag color="red">{t('agencies3.suspended')}</Tag> : <Tag color="green">{t('agencies3.active')}</Tag>,
            },
            { title: t('agencies3.users'), key: 'users', render: (_: unknown, n: AgencyNode) => (n.overview ? `${count(n.overview.activeUsers)} / ${count(n.overview.users)}` : '—') },
            { title: t('agencies3.clients'), key: 'clients', render: (_: unknown, n: AgencyNode) => (n.overview ? count(n.overview.clients) : '—') },
            { title: t('agencies3.accounts'), key: 'accounts', render: (_: unknown, n: AgencyNode) => (n.overview ? `${count(n.overview.activeAccounts)} / ${count(n.overview.accounts)}` : '—') },
            { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => <DateTime value={v} /> },
            { title: '', key: 'actions', render: (_: unknown, n: AgencyNode) => <SuspendButton agency={n} /> },
          ]}
        />
      </Card>
      <Modal
        open={open}
        title={t('platform.createAgency')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={loading}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('platform.agencyName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="adminDisplayName" label={t('users.displayName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="adminEmail" label={t('users.email')} rules={[{ required: true, type: 'email' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="adminPassword" label={t('users.password')} rules={[{ required: true, min: 10, max: 72 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** Suspends (after a confirmation) or reactivates one agency. */
function SuspendButton({ agency }: { agency: AgencyNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [suspend, suspending] = useMutation(SuspendAgencyMutation, { refetchQueries: ['Agencies'] });
  const [reactivate, reactivating] = useMutation(ReactivateAgencyMutation, { refetchQueries: ['Agencies'] });
  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      void message.success(done);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  if (agency.status === 'SUSPENDED') {
    return (
      <Button size="small" loading={reactivating.loading} onClick={() => void run(() => reactivate({ variables: { agencyId: agency.id } }), t('agencies3.reactivated'))} data-testid={`agency-reactivate-${agency.name}`}>
        {t('agencies3.reactivate')}
      </Button>
    );
  }
  return (
    <Popconfirm
      title={t('agencies3.suspendConfirm', { name: agency.name })}
      okText={t('agencies3.suspend')}
      cancelText={t('common.cancel')}
      onConfirm={() => run(() => suspend({ variables: { agencyId: agency.id } }), t('agencies3.suspendedDone'))}
    >
      <Button size="small" danger loading={suspending.loading} data-testid={`agency-suspend-${agency.name}`}>
        {t('agencies3.suspend')}
      </Button>
    </Popconfirm>
  );
}
