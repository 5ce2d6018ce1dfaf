import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LegalCaseStatus } from '../../gql/graphql';

const COLOR: Record<LegalCaseStatus, string> = {
  AWAITING_AUTHORISATION: 'gold',
  REFERRED: 'blue',
  ACCEPTED: 'geekblue',
  PRE_SUIT_MEDIATION: 'cyan',
  FILED: 'purple',
  HEARING: 'purple',
  JUDGMENT: 'magenta',
  ENFORCEMENT: 'volcano',
  CLOSED: 'green',
  WITHDRAWN: 'default',
  RETURNED: 'default',
  DECLINED: 'default',
  AUTHORISATION_DECLINED: 'red',
};

export function LegalStatusTag({ status, testId }: { status: LegalCaseStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[status]} data-testid={testId} data-status={status}>
      {t(`legal.status.${status}`)}
    </Tag>
  );
}
