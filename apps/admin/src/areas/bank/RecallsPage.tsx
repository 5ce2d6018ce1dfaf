import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { PageHeader } from '../../shared/PageHeader';
import { AccountFilters, useAccountFilters } from '../accounts/AccountFilters';
import { AccountsList } from '../accounts/AccountsList';

const RECALLED = ['RECALLED' as const];

/** Accounts the bank took back, with when and why. */
export default function RecallsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const filters = useAccountFilters({ fixedStatuses: RECALLED });
  return (
    <div data-testid="recalls-page">
      <PageHeader title={t('bank.recallsTitle')} />
      <Card>
        <AccountFilters state={filters} clients={me?.clients ?? []} showStatus={false} showAssignment={false} />
        <AccountsList
          testId="recalls-table"
          filter={filters.filter}
          orderBy={filters.orderBy}
          showCollector={false}
          showRecall
        />
      </Card>
    </div>
  );
}
