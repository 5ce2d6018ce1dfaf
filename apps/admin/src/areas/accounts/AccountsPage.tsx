import { TeamOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Modal, Radio, Select, Typography } from 'antd';
import type { Key } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import type { AccountFilter } from '../../gql/graphql';
import { errorMessage } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { useCurrentRole } from '../../shared/current-role';
import { AccountFilters, useAccountFilters } from './AccountFilters';
import { AccountsList } from './AccountsList';
import { AssignAccountsMutation, CollectorsQuery, TeamsQuery } from './operations';

/** Supervisor (and agency admin): every account of the agency's banks, filtered, and bulk assignment. */
export default function AccountsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const role = useCurrentRole();
  const filters = useAccountFilters();
  const [selected, setSelected] = useState<Key[]>([]);
  const [assigning, setAssigning] = useState(false);
  const canAssign = role === 'SUPERVISOR' || role === 'AGENCY_ADMIN';

  return (
    <div data-testid="accounts-page">
      <PageHeader
        title={t('accounts.title')}
        extra={
          canAssign ? (
            <Button type="primary" icon={<TeamOutlined />} onClick={() => setAssigning(true)} data-testid="assign-open">
              {selected.length ? t('accounts.assignSelected', { count: selected.length }) : t('accounts.assign')}
            </Button>
          ) : null
        }
      />
      <Card>
        <AccountFilters state={filters} clients={me?.clients ?? []} />
        <AccountsList
          filter={filters.filter}
          orderBy={filters.orderBy}
          rowSelection={
            canAssign
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys), preserveSelectedRowKeys: true }
              : undefined
          }
        />
      </Card>
      {assigning ? (
        <AssignModal
          selected={selected.map(String)}
          filter={filters.filter}
          onClose={(done) => {
            setAssigning(false);
            if (done) setSelected([]);
          }}
        />
      ) : null}
    </div>
  );
}

function AssignModal({ selected, filter, onClose }: { selected: string[]; filter: AccountFilter; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [target, setTarget] = useState<'selected' | 'filter'>(selected.length ? 'selected' : 'filter');
  const [assignee, setAssignee] = useState<'collector' | 'team'>('collector');
  const [collectorId, setCollectorId] = useState<string>();
  const [teamId, setTeamId] = useState<string>();
  const collectors = useQuery(CollectorsQuery);
  const teams = useQuery(TeamsQuery);
  const chosen = assignee === 'collector' ? collectorId : teamId;
  const [assign, { loading, data, error }] = useMutation(AssignAccountsMutation, { refetchQueries: ['Accounts'] });
  const result = data?.assignAccounts;

  const submit = async () => {
    if (!chosen) return;
    try {
      const to = assignee === 'collector' ? { collectorId } : { teamId };
      const input = target === 'selected' ? { accountIds: selected, ...to } : { filter, ...to };
      const outcome = await assign({ variables: { input } });
      const r = outcome.data?.assignAccounts;
      if (r?.__typename === 'AssignmentSummary') void message.success(t('accounts.assigned', { count: r.assigned }));
    } catch {
      // shown below
    }
  };

  return (
    <Modal
      open
      title={t('accounts.assignTo')}
      onCancel={() => onClose(result?.__typename === 'AssignmentSummary')}
      footer={
        result?.__typename === 'AssignmentSummary'
          ? [
              <Button key="close" type="primary" onClick={() => onClose(true)} data-testid="assign-done">
                {t('common.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={() => onClose(false)}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="ok"
                type="primary"
                loading={loading}
                disabled={!chosen || (target === 'selected' && !selected.length)}
                onClick={() => void submit()}
                data-testid="assign-submit"
              >
                {t('accounts.assign')}
              </Button>,
            ]
      }
    >
      <Form layout="vertical">
        <Form.Item label={t('accounts.assignWhich')}>
          <Radio.Group value={target} onChange={(e) => setTarget(e.target.value as 'selected' | 'filter')}>
            <Radio value="selected" disabled={!selected.length} data-testid="assign-target-selected">
              {t('accounts.assignSelectedOnly', { count: selected.length })}
            </Radio>
            <Radio value="filter" data-testid="assign-target-filter">
              {t('accounts.assignAllMatching')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {(teams.data?.teams.edges.length ?? 0) > 0 ? (
          <Form.Item label={t('accounts.assignTo')}>
            <Radio.Group value={assignee} onChange={(e) => setAssignee(e.target.value as 'collector' | 'team')}>
              <Radio value="collector">{t('accounts.collector')}</Radio>
              <Radio value="team" data-testid="assign-to-team">
                {t('accounts.team')}
              </Radio>
            </Radio.Group>
          </Form.Item>
        ) : null}
        {assignee === 'team' ? (
          <Form.Item label={t('accounts.team')} required>
            <Select
              placeholder={t('accounts.selectTeam')}
              value={teamId}
              onChange={setTeamId}
              options={(teams.data?.teams.edges ?? []).map((e) => ({
                value: e.node.id,
                label: `${e.node.name} (${e.node.members.length})`,
              }))}
              data-testid="assign-team"
            />
          </Form.Item>
        ) : (
          <Form.Item label={t('accounts.collector')} required>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={collectors.loading}
              placeholder={t('accounts.selectCollector')}
              value={collectorId}
              onChange={setCollectorId}
              options={(collectors.data?.users.edges ?? []).map((e) => ({
                value: e.node.id,
                label: `${e.node.displayName} (${e.node.email})`,
              }))}
              data-testid="assign-collector"
            />
          </Form.Item>
        )}
      </Form>
      {collectors.error ? <Alert type="error" showIcon title={errorMessage(collectors.error)} /> : null}
      {error ? <Alert type="error" showIcon title={errorMessage(error)} data-testid="assign-error" /> : null}
      {result?.__typename === 'NotEligible' ? <Alert type="warning" showIcon title={result.message} data-testid="assign-error" /> : null}
      {result?.__typename === 'AssignmentSummary' ? (
        <Alert
          type={result.skippedOutOfScope ? 'warning' : 'success'}
          showIcon
          data-testid="assign-result"
          title={t('accounts.assigned', { count: result.assigned })}
          description={
            <Typography.Text>
              {t('accounts.assignSummary', { matched: result.matched, skipped: result.skippedOutOfScope })}
            </Typography.Text>
          }
        />
      ) : null}
    </Modal>
  );
}
