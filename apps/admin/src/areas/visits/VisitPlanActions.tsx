import { useMutation } from '@apollo/client/react';
import { Alert, Button, DatePicker, Modal, Popconfirm, Space, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../shared/DateTime';
import { errorMessage } from '../../shared/errors';
import { useCurrentRole } from '../../shared/current-role';
import { CancelVisitMutation, ReplanVisitMutation } from './operations';

/** For supervisors and the agency admin, on a planned visit: move it (checked by the contact policy at the new time) or cancel it. */
export default function VisitPlanActions({ visit, onChanged }: { visit: { id: string; plannedAt: string }; onChanged: () => void }) {
  const { t } = useTranslation();
  const role = useCurrentRole();
  const [cancel, cancelling] = useMutation(CancelVisitMutation);
  const [replanning, setReplanning] = useState(false);
  if (role !== 'SUPERVISOR' && role !== 'AGENCY_ADMIN') return null;

  async function onCancel() {
    try {
      const r = (await cancel({ variables: { visitId: visit.id } })).data?.cancelVisit;
      if (r?.__typename === 'NotEligible') void message.warning(r.message);
      else {
        void message.success(t('visits.cancelled'));
        onChanged();
      }
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  return (
    <Space size={4}>
      <Button size="small" data-testid="visit-replan" onClick={() => setReplanning(true)}>
        {t('visits.replan')}
      </Button>
      <Popconfirm title={t('visits.confirmCancel')} okButtonProps={{ 'data-testid': 'visit-cancel-confirm' } as never} onConfirm={() => void onCancel()}>
        <Button size="small" danger loading={cancelling.loading} data-testid="visit-cancel">
          {t('visits.cancel')}
        </Button>
      </Popconfirm>
      {replanning ? (
        <ReplanModal
          visit={visit}
          onClose={(saved) => {
            setReplanning(false);
            if (saved) onChanged();
          }}
        />
      ) : null}
    </Space>
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
