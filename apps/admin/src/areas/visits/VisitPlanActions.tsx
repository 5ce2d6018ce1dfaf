import { useMutation } from '@apollo/client/react';
import { Alert, Button, DatePicker, Input, Modal, Space, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { useCurrentRole } from '../../shared/current-role';
import { CancelVisitMutation, ReplanVisitMutation } from './operations';

/** For supervisors and the agency admin, on a planned visit: move it (checked by the contact policy at the new time) or cancel it, saying why. */
export default function VisitPlanActions({ visit, onChanged }: { visit: { id: string; plannedAt: string }; onChanged: () => void }) {
  const { t } = useTranslation();
  const role = useCurrentRole();
  const [open, setOpen] = useState<'replan' | 'cancel' | null>(null);
  if (role !== 'SUPERVISOR' && role !== 'AGENCY_ADMIN') return null;
  const close = (changed: boolean) => {
    setOpen(null);
    if (changed) onChanged();
  };

  return (
    <Space size={4}>
      <Button size="small" data-testid="visit-replan" onClick={() => setOpen('replan')}>
        {t('visits.replan')}
      </Button>
      <Button size="small" danger data-testid="visit-cancel" onClick={() => setOpen('cancel')}>
        {t('visits.cancel')}
      </Button>
      {open === 'replan' ? <ReplanModal visit={visit} onClose={close} /> : null}
      {open === 'cancel' ? <CancelModal visit={visit} onClose={close} /> : null}
    </Space>
  );
}

/** Cancelling needs a reason (kept on the visit for review); the server checks it again. */
function CancelModal({ visit, onClose }: { visit: { id: string }; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const [cancel, state] = useMutation(CancelVisitMutation);
  const [reason, setReason] = useState('');

  async function onConfirm() {
    try {
      const r = (await cancel({ variables: { visitId: visit.id, reason: reason.trim() } })).data?.cancelVisit;
      if (r?.__typename === 'NotEligible') return void message.warning(r.message);
      void message.success(t('visits.cancelled'));
      onClose(true);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  return (
    <Modal
      open
      title={t('visits.cancel')}
      onCancel={() => onClose(false)}
      onOk={() => void onConfirm()}
      okText={t('visits.cancel')}
      cancelText={t('visits.cancelKeep')}
      confirmLoading={state.loading}
      okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'visit-cancel-confirm' } as never}
    >
      <Typography.Paragraph>{t('visits.confirmCancel')}</Typography.Paragraph>
      <Typography.Text strong>{t('visits.cancelReason')}</Typography.Text>
      <Input.TextArea
        data-testid="visit-cancel-reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
        rows={3}
        placeholder={t('visits.cancelReasonPlaceholder')}
      />
    </Modal>
  );
}

function ReplanModal({ visit, onClose }: { visit: { id: string; plannedAt: string }; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const [replan, state] = useMutation(ReplanVisitMutation);
  const [when, setWhen] = useState<Dayjs | null>(dayjs(visit.plannedAt));
  const [problem, setProblem] = useState<{ text: string; nextAllowedAt?: string | null } | null>(null);

  async function onSave() {
    if (!when) return;
    setProblem(null);
    try {
      const r = (await replan({ variables: { input: { visitId: visit.id, plannedAt: when.toISOString() } } })).data?.replanVisit;
      if (r?.__typename === 'FieldVisit') {
        void message.success(t('visits.replanned'));
        return onClose(true);
      }
      if (r?.__typename === 'VisitNotAllowed') setProblem({ text: `${t('visits.notAllowed')} ${r.rules.map((x) => t(`contact.rules.${x.rule.replace(':', '_')}`, { defaultValue: x.message })).join('; ')}`, nextAllowedAt: r.nextAllowedAt });
      else if (r?.__typename === 'NotEligible') setProblem({ text: r.message });
    } catch (e) {
      setProblem({ text: errorMessage(e) });
    }
  }

  return (
    <Modal open title={t('visits.replanTitle')} onCancel={() => onClose(false)} onOk={() => void onSave()} okText={t('visits.replanSave')} confirmLoading={state.loading} okButtonProps={{ disabled: !when, 'data-testid': 'visit-replan-save' } as never}>
      <DatePicker data-testid="visit-replan-when" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={when} onChange={setWhen} placeholder={t('visits.plannedAt')} />
      {problem ? (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          data-testid="visit-replan-problem"
          title={problem.text}
          description={problem.nextAllowedAt ? <span>{t('contact.nextAllowed')} <DateTime value={problem.nextAllowedAt} /></span> : undefined}
        />
      ) : null}
    </Modal>
  );
}
