import { useQuery } from '@apollo/client/react';
import { Card, Col, Row, Typography } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BreakdownFieldsFragment } from '../../gql/graphql';
import { DateTime, LocalDate } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { formatRatio, formatCount } from '../../shared/money';
import { PageHeader } from '../../shared/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../shared/states';
import { bucketLabel } from '../accounts/AccountFilters';
import { ClientPicker, useSelectedClient } from './ClientPicker';
import { PortfolioSummaryQuery } from './operations';

// ECharts is the heaviest dependency: it loads only when the charts render.
const LiquidationByMonthChart = lazy(() => import('./PortfolioCharts').then((m) => ({ default: m.LiquidationByMonthChart })));
const ByBucketChart = lazy(() => import('./PortfolioCharts').then((m) => ({ default: m.ByBucketChart })));

const BUCKET_ORDER = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M6_PLUS', 'M6+'];

/** The bank's portfolio dashboard: placed, collected, liquidation, by placement month and bucket. */
export default function PortfolioPage() {
  const { t, i18n } = useTranslation();
  const selected = useSelectedClient();
  const clientId = selected.client?.id ?? '';
  const { data, loading, error, refetch } = useQuery(PortfolioSummaryQuery, { variables: { clientId }, skip: !clientId });

  const summary = data?.portfolioSummary;
  const currency = summary?.client.currency ?? selected.client?.currency ?? 'CNY';
  const total: BreakdownFieldsFragment | undefined = summary?.totals.find((x) => x.placed.currency === currency) ?? summary?.totals[0];
  const inCurrency = (rows: readonly BreakdownFieldsFragment[]) => rows.filter((r) => r.placed.currency === currency);

  let body;
  if (!clientId) body = <EmptyState />;
  else if (loading && !data) body = <Loading testId="portfolio-loading" />;
  else if (error && !data) body = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (!summary || !total || total.accounts === 0) body = <EmptyState testId="portfolio-empty" />;
  else {
    const byMonth = inCurrency(summary.byPlacementMonth)
      .slice()
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((r) => ({ month: r.key.slice(0, 7), placed: r.placed.amount, collected: r.collected.amount, liquidation: r.liquidationRate }));
    const byBucket = inCurrency(summary.byBucket)
      .slice()
      .sort((a, b) => BUCKET_ORDER.indexOf(a.key) - BUCKET_ORDER.indexOf(b.key))
      .map((r) => ({ bucket: bucketLabel(r.key), placed: r.placed.amount, collected: r.collected.amount, accounts: r.accounts }));
    body = (
      <>
        <Row gutter={[16, 16]} data-testid="portfolio-kpis">
          <Col xs={12} lg={6}>
            <Kpi title={t('bank.accounts')} testId="kpi-accounts" note={t('bank.active', { count: total.activeAccounts, formatted: formatCount(total.activeAccounts, i18n.language) })}>
              {formatCount(total.accounts, i18n.language)}
            </Kpi>
          </Col>
          <Col xs={12} lg={6}>
            <Kpi title={t('bank.placedAmount')} testId="kpi-placed">
              <Money value={total.placed} />
            </Kpi>
          </Col>
          <Col xs={12} lg={6}>
            <Kpi title={t('bank.collectedAmount')} testId="kpi-collected">
              <Money value={total.collected} />
            </Kpi>
          </Col>
          <Col xs={12} lg={6}>
            <Kpi title={t('bank.liquidation')} testId="kpi-liquidation">
              {formatRatio(total.liquidationRate, 2) ?? '—'}
            </Kpi>
          </Col>
        </Row>
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={12}>
            <Card title={t('bank.byMonth')}>
              <Suspense fallback={<Loading />}>
                {byMonth.length ? <LiquidationByMonthChart data={byMonth} currency={currency} /> : <EmptyState />}
              </Suspense>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('bank.byBucket')}>
              <Suspense fallback={<Loading />}>
                {byBucket.length ? <ByBucketChart data={byBucket} currency={currency} /> : <EmptyState />}
              </Suspense>
            </Card>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('bank.asOf')} <LocalDate value={summary.asOf} />
          {summary.refreshedAt ? (
            <>
              {' · '}
              {t('bank.refreshedAt')} <DateTime value={summary.refreshedAt} />
            </>
          ) : null}
        </Typography.Paragraph>
      </>
    );
  }

  return (
    <div data-testid="portfolio-page">
      <PageHeader
        title={`${t('bank.dashboard')}${selected.client ? ` · ${selected.client.name}` : ''}`}
        extra={<ClientPicker state={selected} />}
      />
      {body}
    </div>
  );
}

function Kpi({ title, note, testId, children }: { title: string; note?: string; testId: string; children: ReactNode }) {
  return (
    <Card style={{ height: '100%' }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ fontSize: 22, fontWeight: 500, marginTop: 6, overflowWrap: 'anywhere' }} data-testid={testId}>
        {children}
      </div>
      {note ? <Typography.Text type="secondary">{note}</Typography.Text> : null}
    </Card>
  );
}
