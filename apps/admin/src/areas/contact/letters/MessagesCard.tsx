import { FilePdfOutlined, MessageOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../shared/DateTime';
import { downloadWithAuth } from '../../../shared/download';
import { errorMessage } from '../../../shared/errors';
import { EmptyState } from '../../../shared/states';
import { RuleTags } from '../ContactPanel';
import { AccountMessagesQuery, GenerateLetterMutation, SendSmsMutation } from './operations';

type Outcome = { kind: 'sent' | 'letter' } | { kind: 'blocked'; rules: { rule: string; message: string }[]; nextAllowedAt: string | null } | { kind: 'refused'; code: string; message: string };

/** Send an SMS or generate a letter from the bank's approved templates; what was sent. Agency staff only. */
export default function MessagesCard({ accountId, onSent }: { accountId: string; onSent?: () => void }) {
  const { t } = useTranslation();
  const { data, refetch } = useQuery(AccountMessagesQuery, { variables: { id: accountId }, fetchPolicy: 'network-only' });
  const [sendSms, smsState] = useMutation(SendSmsMutation);
  const [generate, letterState] = useMutation(GenerateLetterMutation);
  const [smsTemplate, setSmsTemplate] = useState<string | undefined>();
  const [letterTemplate, setLetterTemplate] = useState<string | undefined>();
  const [address, setAddress] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const account = data?.account;
  if (!account) return null;

  // Templates of this account's bank with an approved version; the others cannot be sent.
  const usable = (channel: 'SMS' | 'LETTER') =>
    (data?.messageTemplates ?? [])
      .filter((x) => x.channel === channel && x.clientId === account.client.id && x.versions.some((v) => v.status === 'APPROVED'))
      .map((x) => ({ value: x.id, label: x.name }));

  function show(r: { __typename?: string; code?: string; message?: string; rules?: { rule: string; message: string }[]; nextAllowedAt?: string | null } | undefined, kind: 'sent' | 'letter') {
    if (r?.__typename === 'ContactBlocked') setOutcome({ kind: 'blocked', rules: r.rules ?? [], nextAllowedAt: r.nextAllowedAt ?? null });
    else if (r?.__typename === 'NotEligible') setOutcome({ kind: 'refused', code: r.code ?? '', message: r.message ?? '' });
    else setOutcome({ kind });
  }

  async function onSms() {
    if (!smsTemplate) return;
    try {
      show((await sendSms({ variables: { input: { accountId, templateId: smsTemplate } } })).data?.sendSms, 'sent');
    } catch (e) {
      setOutcome({ kind: 'refused', code: '', message: errorMessage(e) });
    }
    await refetch();
    onSent?.();
  }

  async function onLetter() {
    if (!letterTemplate) return;
    try {
      show((await generate({ variables: { input: { accountId, templateId: letterTemplate, addressIndex: address } } })).data?.generateLetter, 'letter');
    } catch (e) {
      setOutcome({ kind: 'refused', code: '', message: errorMessage(e) });
    }
    await refetch();
    onSent?.();
  }

  return (
    <Card size="small" type="inner" title={t('letters.card.title')} data-testid="messages-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Select data-testid="sms-template" style={{ width: 220 }} placeholder={t('letters.card.smsTemplate')} value={smsTemplate} onChange={setSmsTemplate} options={usable('SMS')} />
          <Button icon={<MessageOutlined />} data-testid="send-sms" disabled={!smsTemplate} loading={smsState.loading} onClick={() => void onSms()}>
            {t('letters.card.sendSms')}
          </Button>
        </Space>
        <Space wrap>
          <Select data-testid="letter-template" style={{ width: 220 }} placeholder={t('letters.card.letterTemplate')} value={letterTemplate} onChange={setLetterTemplate} options={usable('LETTER')} />
          <Select
            data-testid="letter-address"
            style={{ width: 260 }}
            value={address}
            onChange={setAddress}
            options={account.debtor.addresses.map((a, i) => ({ value: i, label: a }))}
            notFoundContent={t('letters.card.noAddress')}
          />
          <Button icon={<FilePdfOutlined />} data-testid="generate-letter" disabled={!letterTemplate || !account.debtor.addresses.length} loading={letterState.loading} onClick={() => void onLetter()}>
            {t('letters.card.generate')}
          </Button>
        </Space>
        {outcome?.kind === 'sent' ? <Alert type="success" showIcon data-testid="sms-sent" title={t('letters.card.smsSent')} /> : null}
        {outcome?.kind === 'letter' ? <Alert type="success" showIcon data-testid="letter-generated" title={t('letters.card.letterGenerated')} /> : null}
        {outcome?.kind === 'blocked' ? (
          <Alert type="error" showIcon data-testid="message-blocked" title={t('contact.blocked')} description={<RuleTags rules={outcome.rules} />} />
        ) : null}
        {outcome?.kind === 'refused' ? (
          <Alert type="warning" showIcon data-testid="message-refused" data-code={outcome.code} title={t(`letters.codes.${outcome.code}`, { defaultValue: outcome.message })} />
        ) : null}
        <Table
          data-testid="sms-list"
          size="small"
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          rowKey="id"
          dataSource={account.smsMessages}
          locale={{ emptyText: <EmptyState /> }}
          columns={[
            { title: t('contact.at'), key: 'at', render: (_, m) => <DateTime value={m.createdAt} /> },
            { title: t('letters.card.to'), key: 'to', render: (_, m) => <span style={{ fontFamily: 'monospace' }}>{m.to}</span> },
            { title: t('letters.card.text'), key: 'b', render: (_, m) => <Typography.Text>{m.body}</Typography.Text> },
            { title: t('contact.status'), key: 's', render: (_, m) => <Tag title={m.lastError ?? undefined}>{t(`letters.smsStatus.${m.status}`, { defaultValue: m.status })}</Tag> },
          ]}
        />
        <Table
          data-testid="letter-list"
          size="small"
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          rowKey="id"
          dataSource={account.letters}
          locale={{ emptyText: <EmptyState /> }}
          columns={[
            { title: t('contact.at'), key: 'at', render: (_, l) => <DateTime value={l.createdAt} /> },
            { title: t('letters.register.template'), key: 'tpl', render: (_, l) => l.templateName ?? '—' },
            { title: t('letters.register.address'), key: 'a', dataIndex: 'address' },
            {
              title: '',
              key: 'pdf',
              render: (_, l, i) => (
                <Button size="small" icon={<FilePdfOutlined />} data-testid={`letter-pdf-${i}`} onClick={() => void downloadWithAuth(l.downloadPath, 'letter.pdf')}>
                  PDF
                </Button>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
