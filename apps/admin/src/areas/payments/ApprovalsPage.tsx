import { useQuery } from '@apollo/client/react';
import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shared/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../shared/states';
import { PendingApprovalsQuery } from './operations';
import { PlanCard } from './PlanCard';

/**
 * Plans waiting for the signed-in user's decision: supervisors and agency admins see those within
 * their level; the bank's user (bank portal) sees those above the agency's mandate for its bank.
 */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(PendingApprovalsQuery, { variables: { first: 50 }, fetchPolicy: 'cache-and-network' });
  const plans = data?.pendingPlanApprovals.edges.map((e) => e.node) ?? [];
  let body;
  if (loading && !data) body = <Loading testId="approvals-loading" />;
  else if (error && !data) body = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (!plans.length) body = <EmptyState testId="approvals-empty" title={t('payments.noApprovals')} />;
  else
    body = (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {plans.map((p) => (
          <PlanCard key={p.id} plan={p} canDecide showAccount onChanged={() => void refetch()} />
        ))}
      </Space>
    );
  return (
    <div data-testid="approvals-page">
      <PageHeader title={t('payments.approvalsTitle')} />
      {body}
    </div>
  );
}
