import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { CollectorsQuery } from './operations';
import { CreateTeamMutation, TeamsWithMembersQuery } from './team-operations';
import { EditTeamMembersModal } from './EditTeamMembersModal';

/** Supervisors' teams of collectors: accounts given to a team are dealt to its members and stay visible to all of them. */
export default function TeamsPage() {
  const { t } = useTranslation();
  const { data, loading, error } = useQuery(TeamsWithMembersQuery, { fetchPolicy: 'cache-and-network' });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const teams = data?.teams.edges.map((e) => e.node) ?? [];
  const editingTeam = teams.find((x) => x.id === editing);
  return (
    <div data-testid="teams-page">
      <PageHeader
        title={t('teams.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="team-create-open">
            {t('teams.create')}
          </Button>
        }
      />
      <Card>
        {error ? <Alert type="error" showIcon title={errorMessage(error)} /> : null}
        <Alert type="info" showIcon title={t('teams.hint')} style={{ marginBottom: 16 }} />
        <Table
          rowKey="id"
          loading={loading}
          pagination={false}
          data-testid="teams-table"
          dataSource={teams}
          columns={[
            { title: t('teams.name'), dataIndex: 'name', key: 'name' },
            {
              title: t('teams.members'),
              key: 'members',
              render: (_, team) => (
                <Space wrap>
                  {team.members.map((m) => (
                    <Tag key={m.id}>{m.displayName}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: '',
              key: 'edit',
              width: 120,
              render: (_, team) => (
                <Button size="small" onClick={() => setEditing(team.id)} data-testid={`team-edit-${team.name}`}>
                  {t('teamMembers.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {creating ? <CreateTeamModal onClose={() => setCreating(false)} /> : null}
      {editingTeam ? <EditTeamMembersModal team={editingTeam} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function CreateTeamModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; memberIds: string[] }>();
  const collectors = useQuery(CollectorsQuery);
  const [create, { loading }] = useMutation(CreateTeamMutation, { refetchQueries: ['TeamsWithMembers', 'Teams'] });
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create({ variables: { name: v.name.trim(), memberIds: v.memberIds ?? [] } });
      void message.success(t('teams.created'));
      onClose();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Modal open title={t('teams.create')} onCancel={onClose} onOk={() => void submit()} confirmLoading={loading}>
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('teams.name')} rules={[{ required: true, whitespace: true, message: t('teams.nameRequired') }]}>
          <Input maxLength={100} data-testid="team-name" />
        </Form.Item>
        <Form.Item name="memberIds" label={t('teams.members')}>
          <Select
            mode="multiple"
            loading={collectors.loading}
            options={(collectors.data?.users.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.displayName }))}
            data-testid="team-members"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
