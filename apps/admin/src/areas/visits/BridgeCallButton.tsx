import { useMutation, useQuery } from '@apollo/client/react';
import { CustomerServiceOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/errors';
import { BridgeCallMutation, CompleteBridgedCallMutation, DialerSettingsQuery, SetMyExtensionMutation } from './operations';
import { outcomeLabel } from './outcome-label';

/**
 * The contact panel's click-to-dial button, shown only when the agency uses the HTTP dialer: the
 * dialer rings the collector's extension and bridges it to the debtor, so the number never reaches
 * the browser. The collector then records what was said.
 */
export default function BridgeCallButton({ accountId, phoneId, onDone }: { accountId: string; phoneId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const settings = useQuery(DialerSettingsQuery);
  const [bridge, bridging] = useMutation(BridgeCallMutation);
  const [complete, completing] = useMutation(CompleteBridgedCallMutation);
  const [setExtension] = useMutation(SetMyExtensionMutation);
  const [attemptId, setAttemptId] = useState<string | null>(null);
  const [extension, setExt] = useState('');
  const [outcome, setOutcome] = useState<string | undefined>();
  const [verified, setVerified] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const s = settings.data?.dialerSettings;
  if (s?.adapter !== 'HTTP') return null;

  async function onBridge() {
    setProblem(null);
    try {
      if (!s?.myExtension) {
        if (!extension.trim()) return setProblem(t('visits.dialer.extensionRequired'));
        await setExtension({ variables: { extension: extension.trim() } });
        await settings.refetch();
      }
      const r = (await bridge({ variables: { accountId, phoneId } })).data?.bridgeCall;
      if (r?.__typename === 'DialBridged') setAttemptId(r.attempt.id);
      else if (r?.__typename === 'ContactBlocked' || r?.__typename === 'NotEligible') setProblem(r.message);
    } catch (e) {
      setProblem(errorMessage(e));
    }
    onDone();
  }

  async function onComplete() {
    if (!attemptId || !outcome) return;
    try {
      const r = (await complete({ variables: { input: { attemptId, outcome, rightPartyVerified: verified } } })).data?.completeContactAttempt;
      if (r?.__typename === 'NotEligible') return setProblem(r.code === 'RIGHT_PARTY_VERIFICATION' ? t('contact.verifyFirst') : r.message);
      setAttemptId(null);
      setOutcome(undefined);
      setVerified(false);
      onDone();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  }

  return (
    <>
      <Space size={4}>
        {!s.myExtension ? <Input size="small" style={{ width: 90 }} placeholder={t('visits.dialer.extension')} value={extension} onChange={(e) => setExt(e.target.value)} data-testid="dialer-extension" /> : null}
        <Button size="small" icon={<CustomerServiceOutlined />} loading={bridging.loading} onClick={() => void onBridge()} data-testid="bridge-call">
          {t('visits.dialer.call')}
        </Button>
      </Space>
      {problem && !attemptId ? <Typography.Text type="warning" data-testid="bridge-problem">{problem}</Typography.Text> : null}
      <Modal open={!!attemptId} title={t('visits.dialer.inCall')} onCancel={() => setAttemptId(null)} onOk={() => void onComplete()} okText={t('contact.saveOutcome')} confirmLoading={completing.loading} okButtonProps={{ disabled: !outcome }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('visits.dialer.ringing', { extension: s.myExtension ?? extension })}</Typography.Text>
          <Select virtual={false} style={{ width: '100%' }} placeholder={t('contact.outcome')} value={outcome} onChange={setOutcome} options={(settings.data?.contactOutcomes ?? []).map((o) => ({ value: o.code, label: outcomeLabel(o, i18n.language) }))} />
          <Checkbox checked={verified} onChange={(e) => setVerified(e.target.checked)}>
            {t('contact.rightPartyVerified')}
          </Checkbox>
          {problem ? <Alert type="warning" showIcon title={problem} /> : null}
        </Space>
      </Modal>
    </>
  );
}
