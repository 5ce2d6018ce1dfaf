import { PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Checkbox, Col, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactPanelQuery as PanelData } from '../../gql/graphql';
import { DateTime, formatDateTime } from '../../shared/DateTime';
import { useCurrentRole } from '../../shared/current-role';
import BridgeCallButton from '../visits/BridgeCallButton';
import { EmptyState, ErrorState, Loading } from '../../shared/states';
import { errorMessage } from '../../shared/errors';
import { CompleteAttemptMutation, ContactPanelQuery, DialMutation } from './operations';
import MessagesCard from './letters/MessagesCard';

type Account = NonNullable<PanelData['account']>;
type Check = Account['contactChecks'][number];
type Rule = { rule: string; message: string };

/** Rule names as i18n keys (a hold rule is "hold:<reason>"; ':' separates namespaces in i18next). */
export const ruleKey = (rule: string) => `contact.rules.${rule.replace(':', '_')}`;

export function RuleTags({ rules, testId }: { rules: Rule[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Space wrap size={4} data-testid={testId}>
      {rules.map((r) => (
        <Tag key={r.rule} color="red" title={r.message} data-rule={r.rule}>
          {t(ruleKey(r.rule), { defaultValue: r.message })}
        </Tag>
      ))}
    </Space>
  );
}

/** "2026-12-02 08:00 (Asia/Shanghai)": a time as the debtor's clock shows it. */
function DebtorTime({ value, timeZone, testId }: { value: string | null; timeZone: string; testId?: string }) {
  if (!value) return <span data-testid={testId}>—</span>;
  return (
    <span data-testid={testId} title={value}>
      {formatDateTime(value, { timeZone })} ({timeZone})
    </span>
  );
}

function CheckRow({ check }: { check: Check }) {
  const { t } = useTranslation();
  const id = `${check.channel}-${check.party}`.toLowerCase();
  return (
    <Space wrap data-testid={`contact-check-${id}`} data-allowed={check.allowed ? 'yes' : 'no'}>
      <Typography.Text strong>
        {t(`contact.channels.${check.channel}`)} · {t(`contact.parties.${check.party}`)}
      </Typography.Text>
      {check.allowed ? <Tag color="green">{t('contact.allowed')}</Tag> : <RuleTags rules={check.blocks} />}
      {check.nextAllowedAt ? (
        <Typography.Text type="secondary">
          {t('contact.nextAllowed')} <DebtorTime value={check.nextAllowedAt} timeZone={check.timeZone} testId={`contact-next-${id}`} />
        </Typography.Text>
      ) : null}
    </Space>
  );
}

interface Call {
  attemptId: string;
  number: string;
  telLink: string;
  revealsLeft: number;
}

/** The collector's contact panel: pre-checked eligibility, phones, dialing, the outcome, the timeline. */
export default function ContactPanel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const staff = useCurrentRole() !== 'CLIENT_USER';
  const { data, loading, error, refetch } = useQuery(ContactPanelQuery, { variables: { id: accountId }, fetchPolicy: 'network-only' });
  const [dial, dialState] = useMutation(DialMutation);
  const [complete, completeState] = useMutation(CompleteAttemptMutation);
  const [call, setCall] = useState<Call | null>(null);
  const [blocked, setBlocked] = useState<{ rules: Rule[]; nextAllowedAt: string | null; policyVersion: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [outcome, setOutcome] = useState<string | undefined>();
  const [verified, setVerified] = useState(false);
  const [note, setNote] = useState('');

  if (loading && !data) return <Loading testId="contact-loading" />;
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} testId="contact-error" />;
  const account = data?.account;
  if (!account) return null;
  const timeZone = account.debtor.timeZone ?? account.client.timeZone;
  const evaluatedAt = account.contactChecks[0]?.evaluatedAt ?? null;

  async function onDial(phoneId: string) {
    setBlocked(null);
    setProblem(null);
    setSaved(false);
    try {
      const r = (await dial({ variables: { accountId, phoneId } })).data?.dial;
      if (r?.__typename === 'DialStarted') setCall({ attemptId: r.attempt.id, number: r.revealedNumber, telLink: r.telLink, revealsLeft: r.revealsLeftToday });
      else if (r?.__typename === 'ContactBlocked') setBlocked({ rules: r.rules, nextAllowedAt: r.nextAllowedAt ?? null, policyVersion: r.policyVersion });
      else if (r?.__typename === 'LimitExceeded') setProblem(r.message);
    } catch (e) {
      setProblem(errorMessage(e));
    }
    await refetch();
  }

  async function onComplete() {
    if (!call || !outcome) return;
    setProblem(null);
    try {
      const r = (await complete({ variables: { input: { attemptId: call.attemptId, outcome, rightPartyVerified: verified, note: note || undefined } } })).data?.completeContactAttempt;
      if (r?.__typename === 'NotEligible') {
        setProblem(r.code === 'RIGHT_PARTY_VERIFICATION' ? t('contact.verifyFirst') : r.message);
        return;
      }
      // The call is over: the revealed number is gone from the screen.
      setCall(null);
      setOutcome(undefined);
      setVerified(false);
      setNote('');
      setSaved(true);
      await refetch();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  }

  const timeline = [
    ...account.contactAttempts.map((a) => ({ key: a.id, at: a.startedAt, kind: 'attempt' as const, a })),
    ...account.contactRefusals.map((r) => ({ key: r.id, at: r.attemptedAt, kind: 'refusal' as const, r })),
  ].sort((x, y) => y.at.localeCompare(x.at));

  return (
    <Card title={t('contact.title')} data-testid="contact-panel">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {account.holds.length ? (
          <Space wrap data-testid="contact-holds">
            {account.holds.map((h) => (
              <Tag key={h.id} color="orange">
                {t('contact.onHold')}: {t(`contact.rules.hold_${h.reason.toLowerCase()}`)}
              </Tag>
            ))}
          </Space>
        ) : null}
        {staff ? (
          <>
            <Typography.Text type="secondary" data-testid="contact-debtor-time">
              {t('contact.debtorTime')} <DebtorTime value={evaluatedAt} timeZone={timeZone} />
            </Typography.Text>
            <Space orientation="vertical" size={4} data-testid="contact-checks">
              {account.contactChecks.map((c) => (
                <CheckRow key={`${c.channel}-${c.party}`} check={c} />
              ))}
            </Space>
            <Table
              data-testid="contact-phones"
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={account.contactPhones}
              locale={{ emptyText: <EmptyState /> }}
              columns={[
                { title: t('contact.phone'), key: 'n', render: (_, p) => <span style={{ fontFamily: 'monospace' }}>{p.number}</span> },
                { title: t('contact.status'), key: 's', render: (_, p) => <Tag>{p.doNotCall ? t('contact.phoneStatus.do_not_call') : t(`contact.phoneStatus.${p.status}`, { defaultValue: p.status })}</Tag> },
                { title: t('contact.lastOutcome'), key: 'o', render: (_, p) => (p.lastOutcome ? t(`contact.outcomes.${p.lastOutcome}`, { defaultValue: p.lastOutcome }) : '—') },
                {
                  title: '',
                  key: 'dial',
                  render: (_, p, i) => (
                    <Space size={4}>
                    <Button size="small" icon={<PhoneOutlined />} data-testid={`dial-${i}`} loading={dialState.loading} disabled={!!call} onClick={() => void onDial(p.id)}>
                      {t('contact.dial')}
                    </Button>
                    <BridgeCallButton accountId={accountId} phoneId={p.id} onDone={() => void refetch()} />
                    </Space>
                  ),
                },
              ]}
            />
            {blocked ? (
              <Alert
                type="error"
                showIcon
                data-testid="contact-blocked"
                title={t('contact.blocked')}
                description={
                  <Space orientation="vertical" size={4}>
                    <RuleTags rules={blocked.rules} />
                    <span>
                      {t('contact.nextAllowed')} <DebtorTime value={blocked.nextAllowedAt} timeZone={timeZone} testId="contact-blocked-next" />
                    </span>
                    <Typography.Text type="secondary">{t('contact.policyVersion', { version: blocked.policyVersion })}</Typography.Text>
                  </Space>
                }
              />
            ) : null}
            {call ? (
              <Card size="small" type="inner" title={t('contact.inCall')} data-testid="contact-call">
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Space>
                    <Typography.Text strong style={{ fontFamily: 'monospace', fontSize: 18 }} data-testid="revealed-number">
                      {call.number}
                    </Typography.Text>
                    <a href={call.telLink} data-testid="tel-link">
                      {t('contact.telLink')}
                    </a>
                    <Typography.Text type="secondary">{t('contact.revealsLeft', { count: call.revealsLeft })}</Typography.Text>
                  </Space>
                  <Row gutter={8}>
                    <Col flex="240px">
                      <Select
                        data-testid="outcome-select"
                        style={{ width: '100%' }}
                        placeholder={t('contact.outcome')}
                        value={outcome}
                        onChange={setOutcome}
                        options={data!.contactOutcomeCodes.map((o) => ({ value: o.code, label: t(`contact.outcomes.${o.code}`, { defaultValue: o.code }) }))}
                      />
                    </Col>
                    <Col>
                      <Checkbox data-testid="rpv-checkbox" checked={verified} onChange={(e) => setVerified(e.target.checked)}>
                        {t('contact.rightPartyVerified')}
                      </Checkbox>
                    </Col>
                  </Row>
                  <Input.TextArea data-testid="outcome-note" rows={2} placeholder={t('contact.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
                  <Button type="primary" data-testid="outcome-submit" disabled={!outcome} loading={completeState.loading} onClick={() => void onComplete()}>
                    {t('contact.saveOutcome')}
                  </Button>
                </Space>
              </Card>
            ) : null}
            {problem ? <Alert type="warning" showIcon data-testid="contact-problem" title={problem} /> : null}
            {saved ? <Alert type="success" showIcon data-testid="contact-saved" title={t('contact.saved')} /> : null}
            <MessagesCard accountId={accountId} onSent={() => void refetch()} />
          </>
        ) : null}
        <Table
          data-testid="contact-timeline"
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          rowKey="key"
          dataSource={timeline}
          locale={{ emptyText: <EmptyState /> }}
          columns={[
            { title: t('contact.at'), key: 'at', render: (_, e) => <DateTime value={e.at} /> },
            { title: t('contact.channel'), key: 'ch', render: (_, e) => t(`contact.channels.${e.kind === 'attempt' ? e.a.channel : e.r.channel}`) },
            { title: t('contact.party'), key: 'p', render: (_, e) => t(`contact.parties.${e.kind === 'attempt' ? e.a.party : e.r.party}`) },
            {
              title: t('contact.outcome'),
              key: 'o',
              render: (_, e) =>
                e.kind === 'refusal' ? (
                  <Space wrap size={4}>
                    <Tag color="volcano">{t('contact.refused')}</Tag>
                    <RuleTags rules={e.r.rules} />
                  </Space>
                ) : (
                  <Space wrap size={4}>
                    {e.a.direction === 'INBOUND' ? <Tag>{t('contact.inbound')}</Tag> : null}
                    {e.a.status === 'started' ? <Tag color="blue">{t('contact.started')}</Tag> : <Tag color={e.a.connected ? 'green' : undefined}>{t(`contact.outcomes.${e.a.outcome}`, { defaultValue: e.a.outcome ?? '' })}</Tag>}
                    {e.a.correctsId ? <Tag>{t('contact.correction')}</Tag> : null}
                  </Space>
                ),
            },
            { title: t('contact.note'), key: 'n', render: (_, e) => (e.kind === 'attempt' ? (e.a.note ?? '—') : '—') },
            { title: t('contact.by'), key: 'by', render: (_, e) => (e.kind === 'attempt' ? (e.a.madeBy?.displayName ?? '—') : '—') },
          ]}
        />
      </Space>
    </Card>
  );
}
