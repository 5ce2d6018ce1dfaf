import { PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Form, Input, Modal, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientsQuery as ClientsData } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { useCurrentRole } from '../../shared/current-role';
import { ClientsQuery, CreateClientMutation } from './operations';

type ClientNode = ClientsData['clients']['edges'][number]['node'];

interface ClientForm {
  name: string;
  code: string;
  currency: string;
  timeZone: string;
}

export default function ClientsPage() {
  const { t } = useTranslation();
  const role = useCurrentRole();
  const [open, setOpen] = useState(false);

  return (
    <div data-testid="clients-page">
      <PageHeader
        title={t('clients.title')}
        extra={
          role === 'AGENCY_ADMIN' ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="client-create">
              {t('clients.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <ConnectionTable
          testId="clients-table"
          query={ClientsQuery}
          select={(d) => d.clients}
          rowKey={(n: ClientNode) => n.id}
          columns={[
            { title: t('clients.name'), dataIndex: 'name', key: 'name' },
            { title: t('clients.code'), dataIndex: 'code', key: 'code', render: (code: string) => <Tag>{code}</Tag> },
            { title: t('clients.currency'), dataIndex: 'currency', key: 'currency' },
            { title: t('clients.timeZone'), dataIndex: 'timeZone', key: 'timeZone' },
            { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => <DateTime value={v} /> },
          ]}
        />
      </Card>
      <CreateClientModal open={open} onClose={() => setOpen(false)} />
    </div>
  );
}

function CreateClientModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ClientForm>();
  const [create, { loading }] = useMutation(CreateClientMutation, { refetchQueries: ['Clients', 'Me'] });

  const submit = async () => {
    const values = await form.validateFields();
    try {
      await create({ variables: { input: { ...values, code: values.code.trim().toUpperCase() } } });
      void message.success(t('clients.created'));
      form.resetFields();
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open={open}
      title={t('clients.create')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={loading}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'client-create-submit' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ currency: 'CNY', timeZone: 'Asia/Shanghai' }}>
        <Form.Item name="name" label={t('clients.name')} rules={[{ required: true }]}>
          <Input data-testid="client-name" />
        </Form.Item>
        <Form.Item name="code" label={t('clients.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{2,32}$/ }]}>
          <Input data-testid="client-code" />
        </Form.Item>
        <Form.Item name="currency" label={t('clients.currency')} rules={[{ required: true, pattern: /^[A-Z]{3}$/ }]}>
          <Input />
        </Form.Item>
        <Form.Item name="timeZone" label={t('clients.timeZone')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
