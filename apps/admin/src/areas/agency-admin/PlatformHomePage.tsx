import { PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgenciesQuery as AgenciesData } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { AgenciesQuery, CreateAgencyMutation } from './operations';

type AgencyNode = AgenciesData['agencies']['edges'][number]['node'];

interface AgencyForm {
  name: string;
  adminEmail: string;
  adminDisplayName: string;
  adminPassword: string;
}

/** The platform admin's home: the agencies (tenants) on the platform. */
export default function PlatformHomePage() {
  const { t } = useTranslation();
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
            { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => <DateTime value={v} /> },
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
