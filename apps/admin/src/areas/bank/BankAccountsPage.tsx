import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { PageHeader } from '../../shared/PageHeader';
import { AccountFilters, useAccountFilters } from '../accounts/AccountFilters';
import { AccountsList } from '../accounts/AccountsList';
import { AccountsExport } from './AccountsExport';

/** The bank's own placed accounts (the server shows a bank user nothing else). */
export default function BankAccountsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const filters = useAccountFilters();
  return (
    <div data-testid="bank-accounts-page">
      <PageHeader title={t('nav.bankAccounts')} />
      <Card>
        <AccountsExport clients={me?.clients ?? []} />
        <AccountFilters state={filters} clients={me?.clients ?? []} showAssignment={false} />
        <AccountsList testId="bank-accounts-table" filter={filters.filter} orderBy={filters.orderBy} showCollector={false} showClient />
      </Card>
    </div>
  );
}
