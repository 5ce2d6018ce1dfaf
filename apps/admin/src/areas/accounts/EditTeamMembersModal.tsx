import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/errors';
import { CollectorsQuery } from './operations';
import { AddTeamMembersMutation, RemoveTeamMembersMutation } from './team-operations';

/** Changes an existing team's members: the difference is sent as one add and one remove. */
export function EditTeamMembersModal({ team, onClose }: { team: { id: string; name: string; members: { id: string; displayName: string }[] }; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ memberIds: string[] }>();
  const collectors = useQuery(CollectorsQuery);
  const [add, adding] = useMutation(AddTeamMembersMutation, { refetchQueries: ['TeamsWithMembers'] });
  const [remove, removing] = useMutation(RemoveTeamMembersMutation, { refetchQueries: ['TeamsWithMembers'] });
  const current = team.members.map((m) => m.id);
  const options = new Map(team.members.map((m) => [m.id, m.displayName]));
  for (const e of collectors.data?.users.edges ?? []) options.set(e.node.id, e.node.displayName);
  const submit = async () => {
    const chosen: string[] = (await form.validateFields()).memberIds ?? [];
    const added = chosen.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !chosen.includes(id));
    try {
      if (added.length) await add({ variables: { teamId: team.id, memberIds: added } });
      if (removed.length) await remove({ variables: { teamId: team.id, memberIds: removed } });
      void message.success(t('teamMembers.saved'));
      onClose();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Modal open title={t('teamMembers.title', { name: team.name })} onCancel={onClose} onOk={() => void submit()} confirmLoading={adding.loading || removing.loading}>
      <Alert type="warning" showIcon title={t('teamMembers.removeHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" initialValues={{ memberIds: current }}>
        <Form.Item name="memberIds" label={t('teams.members')}>
          <Select
            mode="multiple"
            loading={collectors.loading}
            options={[...options].map(([value, label]) => ({ value, label }))}
            data-testid="team-edit-members"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
