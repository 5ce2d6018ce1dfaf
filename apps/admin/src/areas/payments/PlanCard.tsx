import { Button, Card, Descriptions, Input, Space, Table, Tag, Timeline, Typography, message } from 'antd';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanFieldsFragment } from '../../gql/graphql';
import { DateTime, LocalDate } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { errorMessage } from '../../shared/errors';
import { ApprovePlanMutation, RejectPlanMutation } from './operations';

const STATUS_COLOR: Record<string, string> = { PROPOSED: 'gold', ACTIVE: 'blue', COMPLETED: 'green', BROKEN: 'red', REJECTED: 'default', CANCELLED: 'default', APPROVED: 'cyan' };

/** Why the chain goes as high as it does, in the user's language: each exceeded limit of each level. */
export function LimitsExceeded({ breaches, level }: { breaches: readonly { level: string; rule: string; limit: string; actual: string }[]; level: string }) {
  const { t } = useTranslation();
  if (!breaches.length) return <span>{t('payments.withinLimit', { level: t(`payments.level.${level}`) })}</span>;
  return (
    <span data-testid="limits-exceeded">
      {breaches.map((b, i) => (
        <div key={i}>
          {t(`payments.level.${b.level}`)}: {t(`payments.breach.${b.rule}`, { limit: b.limit, actual: b.actual })}
        </div>
      ))}
    </span>
  );
}

export function PlanStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`payments.planStatus.${status}`)}</Tag>;
}

/** A repayment plan: terms, schedule and its approval chain; decision buttons when the viewer may decide. */
export function PlanCard({ plan, canDecide, onChanged, showAccount }: { plan: PlanFieldsFragment; canDecide: boolean; onChanged: () => void; showAccount?: boolean }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [approve, approving] = useMutation(ApprovePlanMutation);
  const [reject, rejecting] = useMutation(RejectPlanMutation);

  async function decide(kind: 'approve' | 'reject') {
    try {
      const res = kind === 'approve' ? (await approve({ variables: { id: plan.id, reason: reason || null } })).data?.approveRepaymentPlan : (await reject({ variables: { id: plan.id, reason } })).data?.rejectRepaymentPlan;
      if (res?.__typename === 'NotEligible') void message.error(res.message);
      else void message.success(t(kind === 'approve' ? 'payments.approved' : 'payments.rejected'));
      onChanged();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  return (
    <Card
      size="small"
      data-testid="plan-card"
      data-bank-ref={plan.bankRef}
      title={
        <Space wrap>
          {showAccount ? <Typography.Text strong>{t('payments.accountRef', { ref: plan.bankRef })}</Typography.Text> : null}
          <PlanStatusTag status={plan.status} />
          <span>{t('payments.planSummary', { months: plan.months })}</span>
          <Tag data-testid="plan-approver">{t(`payments.level.${plan.requiredApprover}`)}</Tag>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        {showAccount ? <Descriptions.Item label={t('payments.bank')}>{plan.client.name}</Descriptions.Item> : null}
        <Descriptions.Item label={t('payments.basis')}><Money value={plan.basis} /></Descriptions.Item>
        <Descriptions.Item label={t('payments.discount')}>
          <Money value={plan.discount} /> ({plan.discountPercent}%)
        </Descriptions.Item>
        <Descriptions.Item label={t('payments.planTotal')}><Money value={plan.total} strong /></Descriptions.Item>
        <Descriptions.Item label={t('payments.interestFreeze')}>{plan.interestFreeze ? t('common.yes') : t('common.no')}</Descriptions.Item>
        <Descriptions.Item label={t('payments.agreementRef')}>{plan.agreementRef}</Descriptions.Item>
        <Descriptions.Item label={t('payments.routing')} span={3}>
          <LimitsExceeded breaches={plan.limitsExceeded} level={plan.requiredApprover} />
        </Descriptions.Item>
        {plan.endReason ? <Descriptions.Item label={t('payments.endReason')}>{plan.endReason}</Descriptions.Item> : null}
      </Descriptions>
      <Table
        size="small"
        pagination={false}
        rowKey="seq"
        dataSource={plan.installments}
        scroll={{ y: 200 }}
        columns={[
          { title: '#', dataIndex: 'seq', key: 'seq', width: 50 },
          { title: t('payments.dueOn'), key: 'due', render: (_, r) => <LocalDate value={r.dueOn} /> },
          { title: t('payments.amount'), key: 'amount', align: 'right', render: (_, r) => <Money value={r.amount} /> },
          { title: t('payments.paid'), key: 'paid', align: 'right', render: (_, r) => <Money value={r.paid} /> },
          { title: '', key: 'settled', render: (_, r) => (r.settled ? <Tag color="green">{t('payments.settled')}</Tag> : null) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('payments.chain')}
      </Typography.Title>
      <Timeline
        data-testid="plan-steps"
        items={plan.steps.map((s) => ({
          children: (
            <span>
              <b>{t(`payments.step.${s.action}`, { defaultValue: s.action })}</b> {s.level ? `· ${t(`payments.level.${s.level}`)}` : ''} · {s.actor?.displayName ?? '—'} · <DateTime value={s.at} />
              {s.reason ? <div style={{ color: 'rgba(0,0,0,0.55)' }}>{s.reason}</div> : null}
            </span>
          ),
        }))}
      />
      {canDecide && plan.status === 'PROPOSED' ? (
        <Space.Compact style={{ width: '100%' }}>
          <Input data-testid="plan-decision-reason" placeholder={t('payments.decisionReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button type="primary" data-testid="plan-approve" loading={approving.loading} onClick={() => void decide('approve')}>
            {t('payments.approve')}
          </Button>
          <Button danger data-testid="plan-reject" disabled={!reason.trim()} loading={rejecting.loading} onClick={() => void decide('reject')}>
            {t('payments.reject')}
          </Button>
        </Space.Compact>
      ) : null}
    </Card>
  );
}
