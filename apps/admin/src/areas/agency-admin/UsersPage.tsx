import { EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Role } from '../../app/roles';
import { useSession } from '../../app/session';
import type { UserFieldsFragment } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { LawFirmField } from '../legal/LawFirmField';
import { UserSessionActions } from './UserSessionActions';
import {
  ChangeUserRoleMutation,
  CreateUserMutation,
  DisableUserMutation,
  EnableUserMutation,
  SetUserClientScopeMutation,
  UsersQuery,
} from './operations';

/** Roles an agency admin can give here (a lawyer is bound to one of the agency's law firms). */
const ASSIGNABLE: Role[] = ['AGENCY_ADMIN', 'SUPERVISOR', 'COLLECTOR', 'CLIENT_USER', 'LAWYER'];
/** Roles changed in place; a lawyer keeps their firm (a new firm means a new user). */
const EDITABLE: Role[] = ['AGENCY_ADMIN', 'SUPERVISOR', 'COLLECTOR', 'CLIENT_USER'];
const SCOPED: Role[] = ['SUPERVISOR', 'COLLECTOR', 'CLIENT_USER'];

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserFieldsFragment | null>(null);
  const [disable] = useMutation(DisableUserMutation);
  const [enable] = useMutation(EnableUserMutation);

  const role = (params.get('role') as Role | null) ?? undefined;
  const search = params.get('q') ?? undefined;
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const onDisable = async (user: UserFieldsFragment) => {
    try {
      const result = await disable({ variables: { userId: user.id } });
      const outcome = result.data?.disableUser;
      if (outcome?.__typename === 'NotEligible') void message.warning(outcome.message);
      else void message.success(t('users.updated'));
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };
  const onEnable = async (user: UserFieldsFragment) => {
    try {
      await enable({ variables: { userId: user.id } });
      void message.success(t('users.updated'));
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
            {t('users.create')}
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select<Role>
            allowClear
            placeholder={t('users.role')}
            style={{ width: 180 }}
            value={role}
            onChange={(v) => setParam('role', v)}
            options={(['AGENCY_ADMIN', 'SUPERVISOR', 'COLLECTOR', 'CLIENT_USER', 'LAWYER'] as Role[]).map((r) => ({ value: r, label: t(`role.${r}`) }))}
            data-testid="users-filter-role"
          />
          <Input.Search
            allowClear
            placeholder={`${t('users.email')} / ${t('users.displayName')}`}
            defaultValue={search}
            onSearch={(v) => setParam('q', v.trim() || undefined)}
            style={{ width: 260 }}
            data-testid="users-filter-search"
          />
        </Space>
        <ConnectionTable
          testId="users-table"
          query={UsersQuery}
          variables={{ filter: { role, search } }}
          select={(d) => d.users}
          rowKey={(n: UserFieldsFragment) => n.id}
          columns={[
            { title: t('users.displayName'), dataIndex: 'displayName', key: 'displayName' },
            { title: t('users.email'), dataIndex: 'email', key: 'email' },
            {
              title: t('users.role'),
              dataIndex: 'role',
              key: 'role',
              render: (r: Role, u) => <Tag data-testid={`user-role-${u.email}`}>{t(`role.${r}`)}</Tag>,
            },
            {
              title: t('users.clients'),
              key: 'clients',
              render: (_, u) => (
                <Space size={[0, 4]} wrap>
                  {u.clients.map((c) => (
                    <Tag key={c.id} color="blue">
                      {c.name}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('users.status'),
              key: 'status',
              render: (_, u) =>
                u.disabled ? (
                  <Tag color="red" data-testid={`user-status-${u.email}`}>{t('users.disabled')}</Tag>
                ) : (
                  <Tag color="green" data-testid={`user-status-${u.email}`}>{t('users.active')}</Tag>
                ),
            },
            {
              title: '',
              key: 'actions',
              render: (_, u) => (
                <Space wrap>
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} data-testid={`user-edit-${u.email}`}>
                    {t('users.edit')}
                  </Button>
                  {u.disabled ? (
                    <Button size="small" icon={<CheckCircleOutlined />} onClick={() => void onEnable(u)} data-testid={`user-enable-${u.email}`}>
                      {t('users.enable')}
                    </Button>
                  ) : (
                    <Popconfirm
                      title={t('users.confirmDisable', { name: u.displayName })}
                      onConfirm={() => onDisable(u)}
                      okText={t('common.yes')}
                      cancelText={t('common.no')}
                      okButtonProps={{ 'data-testid': 'confirm-disable' } as never}
                    >
                      <Button size="small" danger icon={<StopOutlined />} data-testid={`user-disable-${u.email}`}>
                        {t('users.disable')}
                      </Button>
                    </Popconfirm>
                  )}
                  {u.disabled ? null : <UserSessionActions user={u} />}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
      {editing ? <EditUserModal user={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function useClientOptions() {
  const { me } = useSession();
  return (me?.clients ?? []).map((c) => ({ value: c.id, label: c.name }));
}

interface CreateForm {
  email: string;
  displayName: string;
  password: string;
  role: Role;
  clientIds?: string[] | string;
  lawFirmId?: string;
}

const asList = (v: string[] | string | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

function ScopeField({ role }: { role: Role | undefined }) {
  const { t } = useTranslation();
  const options = useClientOptions();
  if (!role || !SCOPED.includes(role)) return null;
  const single = role === 'CLIENT_USER';
  return (
    <Form.Item name="clientIds" label={t('users.clients')} rules={[{ required: single }]}>
      <Select mode={single ? undefined : 'multiple'} options={options} placeholder={t('users.allClients')} data-testid="user-clients" />
    </Form.Item>
  );
}

function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const role = Form.useWatch('role', form);
  const [create, { loading }] = useMutation(CreateUserMutation, { refetchQueries: ['Users'] });

  const submit = async () => {
    const values = await form.validateFields();
    try {
      await create({ variables: { input: { ...values, email: values.email.trim(), clientIds: asList(values.clientIds) } } });
      void message.success(t('users.created'));
      form.resetFields();
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.create')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={loading}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'user-create-submit' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ role: 'COLLECTOR' }}>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true }]}>
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[{ required: true, type: 'email' }]}>
          <Input data-testid="user-email" />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} rules={[{ required: true, min: 10, max: 72 }]}>
          <Input.Password data-testid="user-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={ASSIGNABLE.map((r) => ({ value: r, label: t(`role.${r}`) }))} data-testid="user-role" />
        </Form.Item>
        <ScopeField role={role} />
        <LawFirmField visible={role === 'LAWYER'} />
      </Form>
    </Modal>
  );
}

interface EditForm {
  role: Role;
  clientIds?: string[] | string;
}

function EditUserModal({ user, onClose }: { user: UserFieldsFragment; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const role = Form.useWatch('role', form) ?? (user.role as Role);
  const [changeRole, changing] = useMutation(ChangeUserRoleMutation);
  const [setScope, scoping] = useMutation(SetUserClientScopeMutation);
  const editable = EDITABLE.includes(user.role as Role);

  const submit = async () => {
    const values = await form.validateFields();
    const clientIds = asList(values.clientIds) ?? [];
    try {
      if (values.role !== user.role) {
        await changeRole({ variables: { input: { userId: user.id, role: values.role, clientIds } } });
      } else {
        await setScope({ variables: { userId: user.id, clientIds } });
      }
      void message.success(t('users.updated'));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const initialClients = user.role === 'CLIENT_USER' ? user.clients[0]?.id : user.clients.map((c) => c.id);
  return (
    <Modal
      open
      title={`${user.displayName} · ${user.email}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={changing.loading || scoping.loading}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'user-edit-submit', disabled: !editable } as never}
    >
      <Form form={form} layout="vertical" initialValues={{ role: user.role, clientIds: initialClients }}>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select
            disabled={!editable}
            options={EDITABLE.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            data-testid="user-edit-role"
          />
        </Form.Item>
        <ScopeField role={role} />
      </Form>
    </Modal>
  );
}
