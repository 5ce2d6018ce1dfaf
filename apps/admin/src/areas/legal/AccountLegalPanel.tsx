import { UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { App, Button, Card, List, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { useCurrentRole } from '../../shared/current-role';
import { uploadLegalDocument } from './caseDocuments';
import { LegalStatusTag } from './LegalStatusTag';
import { AccountLegalCasesQuery, BankDocumentsQuery } from './operations';

/** On the account page: the account's legal cases, their status and confirmed recoveries. */
export function AccountLegalPanel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { data } = useQuery(AccountLegalCasesQuery, { variables: { accountId } });
  const cases = data?.legalCases.edges.map((e) => e.node) ?? [];
  const role = useCurrentRole();
  return (
    <Card title={t('legal.panel.title')} size="small" data-testid="account-legal" extra={role === 'CLIENT_USER' || role === 'AGENCY_ADMIN' ? <BankDocumentUpload accountId={accountId} /> : null}>
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
      {role !== 'COLLECTOR' ? <BankDocuments accountId={accountId} /> : null}
    </Card>
  );
}

function BankDocuments({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { data } = useQuery(BankDocumentsQuery, { variables: { accountId } });
  const docs = data?.bankDocuments ?? [];
  if (!docs.length) return null;
  return (
    <List
      size="small"
      header={<Typography.Text strong>{t('legal.panel.bankDocuments')}</Typography.Text>}
      dataSource={docs}
      data-testid="bank-documents"
      renderItem={(d) => (
        <List.Item>
          <Space wrap>
            {t(`legal.docKind.${d.kind}`, { defaultValue: d.kind })}
            <Typography.Text type="secondary">{d.fileName}</Typography.Text>
            <Typography.Text code title={d.sha256}>
              {d.sha256.slice(0, 12)}…
            </Typography.Text>
            <DateTime value={d.uploadedAt} />
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The bank's card agreement or application for this account (PDF or image), sent to the legal upload. */
function BankDocumentUpload({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<'card_agreement' | 'application' | 'other'>('card_agreement');
  return (
    <Space.Compact>
      <Select
        size="small"
        value={kind}
        onChange={setKind}
        style={{ width: 150 }}
        options={(['card_agreement', 'application', 'other'] as const).map((k) => ({ value: k, label: t(`legal.docKind.${k === 'other' ? 'bank_document' : k}`) }))}
        data-testid="bank-document-kind"
      />
      <Upload
        showUploadList={false}
        accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff"
        customRequest={({ file, onSuccess, onError }) => {
          uploadLegalDocument(`/api/legal/accounts/${encodeURIComponent(accountId)}/documents`, file as File, { kind })
            .then((r) => {
              onSuccess?.(r);
              void message.success(t('legal.case.uploaded'));
            })
            .catch((e: Error) => {
              onError?.(e);
              void message.error(e.message);
            });
        }}
      >
        <Button size="small" icon={<UploadOutlined />} data-testid="bank-document-upload">
          {t('legal.panel.upload')}
        </Button>
      </Upload>
    </Space.Compact>
  );
}
