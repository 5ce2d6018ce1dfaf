import { useQuery } from '@apollo/client/react';
import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';

export const AccountPartiesQuery = graphql(`
  query AccountParties($id: ID!) {
    account(id: $id) {
      id
      parties {
        role
        contactKind
        name
        relationCode
        relationText
        phone
      }
    }
  }
`);

const ROLE_COLORS: Record<string, string> = { debtor: 'blue', co_borrower: 'geekblue', guarantor: 'orange', third_party: 'default' };

/** Who is attached to the account — debtor, co-borrowers, guarantors, emergency contacts — on the shared account page. */
export function AccountPartiesCard({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { data, loading } = useQuery(AccountPartiesQuery, { variables: { id: accountId } });
  const parties = data?.account?.parties ?? [];
  return (
    <Card title={t('parties.title')} size="small" data-testid="account-parties">
      <Table
        size="small"
        pagination={false}
        loading={loading}
        rowKey={(p) => `${p.role}:${p.name}:${p.phone ?? ''}`}
        dataSource={parties}
        columns={[
          { title: t('parties.role'), key: 'role', render: (_, p) => <Tag color={ROLE_COLORS[p.role]}>{t(`parties.roles.${p.role}`)}</Tag> },
          { title: t('parties.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('parties.relation'),
            key: 'relation',
            render: (_, p) => (p.relationCode ? `${t(`parties.relations.${p.relationCode}`)}${p.relationText ? ` (${p.relationText})` : ''}` : '—'),
          },
          { title: t('parties.phone'), key: 'phone', render: (_, p) => p.phone ?? '—' },
        ]}
      />
    </Card>
  );
}
