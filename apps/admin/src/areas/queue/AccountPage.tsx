import { ArrowLeftOutlined, LockOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Col, Descriptions, List, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { AccountDetailQuery as AccountDetailData } from '../../gql/graphql';
import { DateTime, LocalDate } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { useCurrentRole } from '../../shared/current-role';
import { Notice } from '../../shared/Notice';
import { PageHeader } from '../../shared/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../shared/states';
import { AccountStatusTag, BucketTag } from '../accounts/AccountsList';
import { AccountDetailQuery } from './operations';
import { AccountComplaintButton } from '../complaints/AccountComplaintButton';
import { AccountComplaintsCard } from '../complaints/AccountComplaintsCard';
import { MoneyPanel } from '../payments/MoneyPanel';
import { AccountLegalPanel } from '../legal/AccountLegalPanel';
import ContactPanel from '../contact/ContactPanel';
import { AccountPartiesCard } from '../accounts/AccountPartiesCard';
import ScheduleVisitCard from '../visits/ScheduleVisitCard';

type AccountDetail = NonNullable<AccountDetailData['account']>;

function Masked({ value, testId }: { value: string | null | undefined; testId?: string }) {
  const { t } = useTranslation();
  if (!value) return <span data-testid={testId}>—</span>;
  return (
    <Tooltip title={t('account.masked')}>
      <Space size={4} data-testid={testId}>
        <LockOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
        <span style={{ fontFamily: 'monospace' }}>{value}</span>
      </Space>
    </Tooltip>
  );
}

/** One account: the debtor (protected fields masked), balances, bucket and assignment history. */
export default function AccountPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useQuery(AccountDetailQuery, { variables: { id } });
  // Who works an account inside the agency (collector, assignments, queue priority) is the agency's business.
  const agencyStaff = useCurrentRole() !== 'CLIENT_USER';

  if (loading && !data) return <Loading testId="account-loading" />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} testId="account-error" />;
  const account = data?.account;
  if (!account) return <Notice testId="account-not-found" title={t('account.notFound')} />;

  return (
    <div data-testid="account-page">
      <PageHeader
        testId="account-title"
        extra={<AccountComplaintButton account={account} />}
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)} aria-label={t('common.back')} />
            {t('account.title', { ref: account.bankRef })}
            <BucketTag bucket={account.bucket} />
            <AccountStatusTag status={account.status} />
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24}><ContactPanel accountId={account.id} /></Col>
        <Col xs={24} xl={12}><ScheduleVisitCard accountId={account.id} /></Col>
        <Col xs={24} xl={12}>
          <Card title={t('account.balances')} data-testid="account-balances">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('accounts.client')}>{account.client.name}</Descriptions.Item>
              <Descriptions.Item label={t('accounts.placement')}>{account.placement.name}</Descriptions.Item>
              <Descriptions.Item label={t('accounts.cardLast4')}>{account.cardLast4 ? `•••• ${account.cardLast4}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('accounts.dpd')}>
                {account.daysPastDue} ({t('account.agedOn', { date: account.agedOn })})
              </Descriptions.Item>
              <Descriptions.Item label={t('accounts.principal')}>
                <Money value={account.principal} />
              </Descriptions.Item>
              <Descriptions.Item label={t('accounts.interest')}>
                <Money value={account.interest} />
              </Descriptions.Item>
              <Descriptions.Item label={t('accounts.fees')}>
                <Money value={account.fees} />
              </Descriptions.Item>
              <Descriptions.Item label={t('accounts.totalDue')}>
                <Money value={account.totalDue} strong testId="account-total-due" />
              </Descriptions.Item>
              <Descriptions.Item label={t('accounts.overdue')}>
                <Money value={account.overdueAmount} />
              </Descriptions.Item>
              <Descriptions.Item label={t('account.placedAmount')}>
                <Money value={account.placedAmount} />
              </Descriptions.Item>
              <Descriptions.Item label={t('accounts.collected')}>
                <Money value={account.collected} />
              </Descriptions.Item>
              <Descriptions.Item label={t('account.lastPayment')}>
                {account.lastPaymentAmount ? (
                  <Space size={4}>
                    <Money value={account.lastPaymentAmount} />
                    <LocalDate value={account.lastPaymentDate} />
                  </Space>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('account.delinquentSince')}>
                <LocalDate value={account.delinquentSince} />
              </Descriptions.Item>
              <Descriptions.Item label={t('accounts.placedAt')}>
                <LocalDate value={account.placedOn} />
              </Descriptions.Item>
              {agencyStaff ? (
                <Descriptions.Item label={t('accounts.collector')}>
                  {account.assignedCollector?.displayName ?? t('accounts.unassigned')}
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('queue.lastContact')}>
                <DateTime value={account.lastContactAt} />
              </Descriptions.Item>
              {account.recalledAt ? (
                <Descriptions.Item label={t('bank.recalledAt')}>
                  <DateTime value={account.recalledAt} /> {account.recallReason}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <DebtorCard account={account} />
        </Col>
        <Col xs={24}>
          <AccountPartiesCard accountId={account.id} />
        </Col>
        <Col xs={24}>
          <MoneyPanel accountId={account.id} />
        </Col>
        <Col xs={24}>
          <AccountComplaintsCard accountId={account.id} />
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('account.bucketHistory')}>
            <Table
              data-testid="bucket-history"
              size="small"
              pagination={false}
              rowKey={(r) => `${r.changedOn}-${r.toBucket}`}
              dataSource={account.bucketHistory}
              locale={{ emptyText: <EmptyState /> }}
              columns={[
                { title: t('account.at'), key: 'on', render: (_, r) => <LocalDate value={r.changedOn} /> },
                { title: t('account.from'), key: 'from', render: (_, r) => <BucketTag bucket={r.fromBucket} /> },
                { title: t('account.to'), key: 'to', render: (_, r) => <BucketTag bucket={r.toBucket} /> },
                { title: t('accounts.dpd'), dataIndex: 'daysPastDue', key: 'dpd', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        {agencyStaff ? (
          <Col xs={24} xl={12}>
            <Card title={t('account.assignmentHistory')}>
              <Table
                data-testid="assignment-history"
                size="small"
                pagination={false}
                rowKey={(r) => `${r.assignedAt}-${r.collector?.id ?? ''}`}
                dataSource={account.assignmentHistory}
                locale={{ emptyText: <EmptyState /> }}
                columns={[
                  { title: t('account.at'), key: 'at', render: (_, r) => <DateTime value={r.assignedAt} /> },
                  { title: t('accounts.collector'), key: 'collector', render: (_, r) => r.collector?.displayName ?? '—' },
                  { title: t('account.by'), key: 'by', render: (_, r) => r.assignedBy?.displayName ?? '—' },
                  { title: t('account.rule'), key: 'rule', render: (_, r) => <Tag>{t(`account.rules.${r.rule}`, { defaultValue: r.rule })}</Tag> },
                ]}
              />
            </Card>
          </Col>
        ) : null}
        {agencyStaff && account.priority.factors.length ? (
          <Col xs={24}>
            <Card
              title={`${t('queue.priority')} ${account.priority.score.toFixed(0)}`}
              extra={<span data-testid="priority-weights">{t('priority2.weights', { preset: account.priority.weightsPreset, version: account.priority.weightsVersion })}</span>}
              size="small"
            >
              <Space wrap>
                {account.priority.factors.map((f) => (
                  <Tooltip key={f.factor} title={f.detail}>
                    <Tag>
                      {t(`queue.factors.${f.factor}`, { defaultValue: f.factor })} +{f.points.toFixed(0)} ({t('priority2.outOf', { weight: f.weight })})
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            </Card>
          </Col>
        ) : null}
        <Col xs={24}>{<AccountLegalPanel accountId={account.id} />}</Col>
      </Row>
    </div>
  );
}

function DebtorCard({ account }: { account: AccountDetail }) {
  const { t } = useTranslation();
  const debtor = account.debtor;
  return (
    <Card title={t('account.debtorTitle')} data-testid="debtor-card">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('account.name')}>
          <span data-testid="debtor-name">{debtor.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('account.nationalId')}>
          <Masked value={debtor.nationalIdMasked} testId="debtor-national-id" />
        </Descriptions.Item>
        <Descriptions.Item label={t('account.phones')}>
          <Space orientation="vertical" size={0} data-testid="debtor-phones">
            {debtor.phones.length ? debtor.phones.map((p) => <Masked key={p} value={p} />) : '—'}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('account.addresses')}>
          {debtor.addresses.length ? (
            <Space orientation="vertical" size={0}>
              {debtor.addresses.map((a) => (
                <span key={a}>{a}</span>
              ))}
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('account.employer')}>{debtor.employer ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('account.timeZone')}>{debtor.timeZone ?? account.client.timeZone}</Descriptions.Item>
      </Descriptions>
      {debtor.contacts.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('account.contacts')}
          </Typography.Title>
          <List
            size="small"
            dataSource={debtor.contacts}
            renderItem={(c) => (
              <List.Item>
                <Space>
                  <Tag>{c.relation}</Tag>
                  {c.name}
                  <Masked value={c.phone} />
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Card>
  );
}
