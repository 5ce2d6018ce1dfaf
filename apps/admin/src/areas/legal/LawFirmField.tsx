import { useQuery } from '@apollo/client/react';
import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LawFirmsQuery } from './operations';

/** The law firm a lawyer belongs to, chosen from the agency's firms (shown for the lawyer role only). */
export function LawFirmField({ visible }: { visible: boolean }) {
  const { t } = useTranslation();
  const { data } = useQuery(LawFirmsQuery, { variables: { first: 100 }, skip: !visible });
  if (!visible) return null;
  return (
    <Form.Item name="lawFirmId" label={t('legal.firms.lawFirm')} rules={[{ required: true }]}>
      <Select options={(data?.lawFirms.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))} data-testid="user-law-firm" />
    </Form.Item>
  );
}
