import { useQuery } from '@apollo/client/react';
import { Card, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { LegalStatusTag } from './LegalStatusTag';
import { AccountLegalCasesQuery } from './operations';

/** On the account page: the account's legal cases, their status and confirmed recoveries. */
export function AccountLegalPanel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { data } = useQuery(AccountLegalCasesQuery, { variables: { accountId } });
  const cases = data?.legalCases.edges.map((e) => e.node) ?? [];
  return (
    <Card title={t('legal.panel.title')} size="small" data-testid="account-legal">
      {cases.length === 0 ? (
        <Typography.Text type="secondary">{t('legal.panel.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={cases}
          renderItem={(c) => (
            <List.Item>
              <Space wrap>
                <LegalStatusTag status={c.status} testId="account-legal-status" />
                <Link to={`/legal/cases/${encodeURIComponent(c.id)}`}>{c.lawFirmName}</Link>
                <DateTime value={c.statusChangedAt} />
                {c.recoveries
                  .filter((r) => r.status === 'CONFIRMED')
                  .map((r) => (
                    <span key={r.id} data-testid="account-legal-recovered">
                      {t('legal.panel.recovered')}: <Money value={r.amount} />
                    </span>
                  ))}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
