import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeeBasis, LawFirmFieldsFragment } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { useCurrentRole } from '../../shared/current-role';
import { errorMessage } from '../../shared/errors';
import { Money } from '../../shared/Money';
import { PageHeader } from '../../shared/PageHeader';
import { LawFirmsQuery, SaveLawFirmMutation } from './operations';

const FEE_BASES: FeeBasis[] = ['CONTINGENCY', 'RISK_AGENCY', 'FIXED'];

/** The agency's partner law firms: who they are, where they sue and what they charge. */
export default function LawFirmsPage() {
  const { t } = useTranslation();
  const admin = useCurrentRole() === 'AGENCY_ADMIN';
  const [editing, setEditing] = useState<LawFirmFieldsFragment | 'new' | null>(null);
  return (
    <div data-testid="law-firms-page">
      <PageHeader
        title={t('legal.firms.title')}
        extra={
          admin ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="firm-create">
              {t('legal.firms.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <ConnectionTable
          testId="firms-table"
          query={LawFirmsQuery}
          variables={{}}
          select={(d) => d.lawFirms}
          rowKey={(n: LawFirmFieldsFragment) => n.id}
          columns={[
            { title: t('legal.col.name'), dataIndex: 'name', key: 'name' },
            { title: t('legal.col.contact'), key: 'contact', render: (_, f) => [f.contactName, f.contactPhone, f.contactEmail].filter(Boolean).join(' · ') || '—' },
            { title: t('legal.col.regions'), key: 'regions', render: (_, f) => f.regions.map((r) => <Tag key={r}>{r}</Tag>) },
            { title: t('legal.col.courts'), key: 'courts', render: (_, f) => f.courts.join('；') || '—' },
            {
              title: t('legal.col.fee'),
              key: 'fee',
              render: (_, f) =>
                f.feeBasis ? (
                  <Space size={4}>
                    <Tag color="blue">{t(`legal.feeBasis.${f.feeBasis}`)}</Tag>
                    {f.feeBasis === 'FIXED' ? <Money amount={f.fixedFee} currency={f.feeCurrency} /> : f.feeRate ? `${(Number(f.feeRate) * 100).toFixed(1)}%` : null}
                  </Space>
                ) : null,
            },
            {
              title: '',
              key: 'edit',
              render: (_, f) =>
                admin ? (
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(f)} data-testid={`firm-edit-${f.name}`}>
                    {t('legal.firms.edit')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {editing ? <FirmModal firm={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

interface FirmForm {
  name: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  regions?: string[];
  courts?: string[];
  feeBasis: FeeBasis;
  feeRate?: string;
  fixedFee?: string;
}

function FirmModal({ firm, onClose }: { firm: LawFirmFieldsFragment | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FirmForm>();
  const basis = Form.useWatch('feeBasis', form);
  const [save, { loading }] = useMutation(SaveLawFirmMutation, { refetchQueries: ['LawFirms'] });
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save({
        variables: {
          id: firm?.id ?? null,
          input: {
            name: v.name.trim(),
            contactName: v.contactName || null,
            contactPhone: v.contactPhone || null,
            contactEmail: v.contactEmail || null,
            regions: v.regions ?? [],
            courts: v.courts ?? [],
            feeBasis: v.feeBasis,
            feeRate: v.feeBasis === 'FIXED' ? null : (v.feeRate ?? null),
            fixedFee: v.feeBasis === 'FIXED' ? (v.fixedFee ?? null) : null,
          },
        },
      });
      void message.success(t('legal.firms.saved'));
      onClose();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Modal
      open
      title={firm ? firm.name : t('legal.firms.create')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={loading}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'firm-submit' } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          firm
            ? { ...firm, feeRate: firm.feeRate ?? undefined, fixedFee: firm.fixedFee ?? undefined, contactName: firm.contactName ?? undefined, contactPhone: firm.contactPhone ?? undefined, contactEmail: firm.contactEmail ?? undefined, feeBasis: firm.feeBasis ?? 'CONTINGENCY' }
            : { feeBasis: 'CONTINGENCY', feeRate: '0.25' }
        }
      >
        <Form.Item name="name" label={t('legal.firms.name')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="firm-name" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label={t('legal.firms.contactName')}>
            <Input data-testid="firm-contact-name" />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('legal.firms.contactPhone')}>
            <Input />
          </Form.Item>
          <Form.Item name="contactEmail" label={t('legal.firms.contactEmail')} rules={[{ type: 'email' }]}>
            <Input />
          </Form.Item>
        </Space>
        <Form.Item name="regions" label={t('legal.firms.regions')}>
          <Select mode="tags" data-testid="firm-regions" />
        </Form.Item>
        <Form.Item name="courts" label={t('legal.firms.courts')}>
          <Select mode="tags" />
        </Form.Item>
        <Form.Item name="feeBasis" label={t('legal.firms.feeBasis')} rules={[{ required: true }]}>
          <Select options={FEE_BASES.map((b) => ({ value: b, label: t(`legal.feeBasis.${b}`) }))} data-testid="firm-fee-basis" />
        </Form.Item>
        {basis === 'FIXED' ? (
          <Form.Item name="fixedFee" label={t('legal.firms.fixedFee')} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/ }]}>
            <Input data-testid="firm-fixed-fee" />
          </Form.Item>
        ) : (
          <Form.Item name="feeRate" label={t('legal.firms.feeRate')} rules={[{ required: true, pattern: /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/ }]}>
            <Input data-testid="firm-fee-rate" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
