import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { App, Alert, Button, Checkbox, Drawer, Form, Input, List, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import type { ComplaintSeverity, ComplaintSource } from '../../gql/graphql';
import { errorMessage } from '../../shared/errors';
import { categoryName } from './ClockTag';
import { ComplaintAccountSearchQuery, ComplaintCategoriesQuery, RaiseComplaintMutation } from './operations';

const SOURCES: ComplaintSource[] = ['DEBTOR', 'THIRD_PARTY', 'BANK', 'REGULATOR', 'OTHER'];
const SEVERITIES: ComplaintSeverity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export interface ChosenAccount {
  id: string;
  bankRef: string;
  bankName: string;
}

interface FormValues {
  clientId?: string;
  source: ComplaintSource;
  regulatorRef?: string;
  category: string;
  severity: ComplaintSeverity;
  againstAssignedCollector?: boolean;
  complainantName?: string;
  complainantPhone?: string;
  complainantRelation?: string;
  words: string;
  doNotCallRequested?: boolean;
}

/**
 * Records a complaint. Staff find the account by phone number, name or reference (a third party is
 * often found by the number they call from), or record it against a bank with no account; a bank
 * user raises it on one of its own accounts (opened from the account page).
 */
export function NewComplaintDrawer({ open, onClose, account: fixedAccount }: { open: boolean; onClose: () => void; account?: ChosenAccount }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { me, role } = useSession();
  const bankUser = role === 'CLIENT_USER';
  const [form] = Form.useForm<FormValues>();
  const [chosen, setChosen] = useState<ChosenAccount | null>(fixedAccount ?? null);
  const [search, setSearch] = useState('');
  const [find, found] = useLazyQuery(ComplaintAccountSearchQuery);
  const categories = useQuery(ComplaintCategoriesQuery, { skip: !open });
  const [raise, { loading }] = useMutation(RaiseComplaintMutation, { refetchQueries: ['Complaints', 'AccountDetail'] });
  const account = fixedAccount ?? chosen;
  const source = Form.useWatch('source', form);

  const submit = async () => {
    const values = await form.validateFields();
    try {
      const result = await raise({
        variables: {
          input: {
            ...values,
            accountId: account?.id ?? null,
            clientId: account ? null : values.clientId,
            source: values.source,
            againstAssignedCollector: account ? Boolean(values.againstAssignedCollector) : false,
            doNotCallRequested: Boolean(values.doNotCallRequested),
          },
        },
      });
      const r = result.data?.raiseComplaint;
      if (r?.__typename === 'NotEligible') {
        void message.warning(r.message);
        return;
      }
      if (r?.__typename === 'Complaint') {
        void message.success(t('complaints.form.created', { reference: r.reference }));
        form.resetFields();
        onClose();
        void navigate(`${bankUser ? '/bank/complaints' : '/complaints'}/${r.id}`);
      }
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const matches = found.data?.accounts.edges.map((e) => e.node) ?? [];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="large"
      title={t('complaints.new')}
      destroyOnHidden
      data-testid="new-complaint-drawer"
      extra={
        <Button type="primary" loading={loading} onClick={() => void submit()} data-testid="complaint-submit">
          {t('complaints.form.submit')}
        </Button>
      }
    >
      {!fixedAccount && !bankUser ? (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text strong>{t('complaints.form.findAccount')}</Typography.Text>
          <Input.Search
            data-testid="complaint-account-search"
            placeholder={t('complaints.form.findPlaceholder')}
            enterButton={t('complaints.form.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => v.trim() && void find({ variables: { search: v.trim() } })}
            style={{ marginTop: 8 }}
          />
          {found.called && !found.loading && !matches.length ? <Alert style={{ marginTop: 8 }} type="info" title={t('complaints.form.noMatch')} data-testid="complaint-no-match" /> : null}
          {matches.length ? (
            <List
              size="small"
              data-testid="complaint-account-matches"
              dataSource={matches}
              renderItem={(a) => (
                <List.Item
                  actions={[
                    <Button key="use" size="small" onClick={() => setChosen({ id: a.id, bankRef: a.bankRef, bankName: a.client.name })} data-testid={`complaint-pick-${a.bankRef}`}>
                      {t('complaints.form.pickAccount')}
                    </Button>,
                  ]}
                >
                  {a.bankRef} · {a.debtor.name} · {a.client.name}
                </List.Item>
              )}
            />
          ) : null}
        </div>
      ) : null}
      {account ? (
        <Alert
          type="success"
          style={{ marginBottom: 16 }}
          data-testid="complaint-account-chosen"
          title={t('complaints.form.accountChosen', { ref: account.bankRef, bank: account.bankName })}
          action={
            fixedAccount ? null : (
              <Button size="small" onClick={() => setChosen(null)}>
                {t('complaints.form.clearAccount')}
              </Button>
            )
          }
        />
      ) : null}
      <Form form={form} layout="vertical" initialValues={{ source: bankUser ? 'BANK' : 'DEBTOR', severity: 'MEDIUM', category: 'harassment' }}>
        {!account && !bankUser ? (
          <Form.Item name="clientId" label={t('complaints.form.bank')} rules={[{ required: true, message: t('complaints.form.required') }]}>
            <Select data-testid="complaint-client" options={(me?.clients ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        ) : null}
        <Space wrap style={{ width: '100%' }} size="middle">
          <Form.Item name="source" label={t('complaints.source')} rules={[{ required: true }]}>
            <Select data-testid="complaint-source" style={{ width: 160 }} options={SOURCES.map((s) => ({ value: s, label: t(`complaints.sources.${s}`) }))} />
          </Form.Item>
          <Form.Item name="category" label={t('complaints.category')} rules={[{ required: true }]}>
            <Select
              data-testid="complaint-category"
              style={{ width: 220 }}
              options={(categories.data?.complaintCategories ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: categoryName(categories.data?.complaintCategories, c.code, i18n.language) }))}
            />
          </Form.Item>
          <Form.Item name="severity" label={t('complaints.severity')} rules={[{ required: true }]}>
            <Select data-testid="complaint-severity" style={{ width: 120 }} options={SEVERITIES.map((s) => ({ value: s, label: t(`complaints.severities.${s}`) }))} />
          </Form.Item>
        </Space>
        {source === 'REGULATOR' ? (
          <Form.Item name="regulatorRef" label={t('complaints.regulatorRef')} rules={[{ required: true, message: t('complaints.form.required') }]}>
            <Input data-testid="complaint-regulator-ref" maxLength={100} />
          </Form.Item>
        ) : null}
        {account ? (
          <Form.Item name="againstAssignedCollector" valuePropName="checked">
            <Checkbox data-testid="complaint-against-collector">{t('complaints.form.againstCollector')}</Checkbox>
          </Form.Item>
        ) : null}
        <Space wrap size="middle">
          <Form.Item name="complainantName" label={t('complaints.form.complainantName')}>
            <Input maxLength={200} data-testid="complaint-complainant-name" />
          </Form.Item>
          <Form.Item name="complainantPhone" label={t('complaints.form.complainantPhone')}>
            <Input maxLength={40} data-testid="complaint-complainant-phone" />
          </Form.Item>
          <Form.Item name="complainantRelation" label={t('complaints.form.complainantRelation')}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Form.Item name="words" label={t('complaints.form.words')} rules={[{ required: true, whitespace: true, message: t('complaints.form.wordsRequired') }]}>
          <Input.TextArea rows={5} maxLength={20000} data-testid="complaint-words" />
        </Form.Item>
        {!bankUser ? (
          <Form.Item name="doNotCallRequested" valuePropName="checked">
            <Checkbox data-testid="complaint-dnc">{t('complaints.form.doNotCall')}</Checkbox>
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}
