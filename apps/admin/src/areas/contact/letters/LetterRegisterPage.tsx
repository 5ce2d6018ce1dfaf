import { FilePdfOutlined } from '@ant-design/icons';
import { Button, Card, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LetterRegisterQuery as RegisterData } from '../../../gql/graphql';
import { ConnectionTable } from '../../../shared/ConnectionTable';
import { DateTime } from '../../../shared/DateTime';
import { downloadWithAuth } from '../../../shared/download';
import { PageHeader } from '../../../shared/PageHeader';
import { LetterRegisterQuery } from './operations';

type Row = RegisterData['letterRegister']['edges'][number]['node'];

/** The sent-letter register: who sent which letter, when, from which template version, to which address. */
export default function LetterRegisterPage() {
  const { t } = useTranslation();
  const columns: ColumnsType<Row> = [
    { title: t('contact.at'), key: 'at', render: (_, r) => <DateTime value={r.createdAt} /> },
    { title: t('contact.compliance.account'), key: 'acc', render: (_, r) => (r.account ? <Link to={`/accounts/${encodeURIComponent(r.account.id)}`}>{r.account.bankRef}</Link> : '—') },
    { title: t('contact.compliance.bank'), key: 'bank', render: (_, r) => r.account?.client.name ?? '—' },
    { title: t('letters.register.template'), key: 'tpl', render: (_, r) => <span>{r.templateName ?? '—'} <Tag>v{r.templateVersion?.version}</Tag></span> },
    { title: t('letters.register.address'), key: 'addr', dataIndex: 'address' },
    { title: t('contact.by'), key: 'by', render: (_, r) => r.createdBy?.displayName ?? '—' },
    { title: 'SHA-256', key: 'sha', render: (_, r) => <Typography.Text code copyable={{ text: r.sha256 }}>{r.sha256.slice(0, 12)}…</Typography.Text> },
    {
      title: '',
      key: 'pdf',
      render: (_, r) => (
        <Button size="small" icon={<FilePdfOutlined />} onClick={() => void downloadWithAuth(r.downloadPath, 'letter.pdf')}>
          PDF
        </Button>
      ),
    },
  ];
  return (
    <div data-testid="letter-register-page">
      <PageHeader title={t('letters.register.title')} />
      <Card>
        <ConnectionTable testId="letter-register" query={LetterRegisterQuery} select={(d) => d.letterRegister} rowKey={(r: Row) => r.id} columns={columns} emptyText={t('letters.register.empty')} />
      </Card>
    </div>
  );
}
