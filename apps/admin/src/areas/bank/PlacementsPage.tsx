import { RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlacementsQuery as PlacementsData } from '../../gql/graphql';
import { ConnectionTable } from '../../shared/ConnectionTable';
import { DateTime, LocalDate } from '../../shared/DateTime';
import { Money } from '../../shared/Money';
import { PageHeader } from '../../shared/PageHeader';
import { ClientPicker, useSelectedClient } from './ClientPicker';
import { PlacementsQuery } from './operations';
import { RecallDialog } from '../payments/RecallDialog';

type PlacementNode = PlacementsData['placements']['edges'][number]['node'];

/** The bank's placements (委案批次), with a recall of a whole placement. */
export default function PlacementsPage() {
  const { t } = useTranslation();
  const selected = useSelectedClient();
  const [recalling, setRecalling] = useState<PlacementNode | null>(null);

  return (
    <div data-testid="placements-page">
      <PageHeader title={t('bank.placementsTitle')} extra={<ClientPicker state={selected} />} />
      <Card>
        <ConnectionTable
          testId="placements-table"
          query={PlacementsQuery}
          variables={{ clientId: selected.client?.id }}
          select={(d) => d.placements}
          rowKey={(p: PlacementNode) => p.id}
          columns={[
            { title: t('bank.placementName'), dataIndex: 'name', key: 'name' },
            { title: t('accounts.client'), key: 'client', render: (_, p) => p.client.name },
            { title: t('bank.placementDate'), key: 'placedOn', render: (_, p) => <LocalDate value={p.placedOn} /> },
            { title: t('bank.expiresOn'), key: 'expiresOn', render: (_, p) => <LocalDate value={p.expiresOn} /> },
            {
              title: t('bank.accountCount'),
              key: 'accounts',
              align: 'right',
              render: (_, p) => `${p.activeAccountCount} / ${p.accountCount}`,
            },
            { title: t('bank.placedAmount'), key: 'placed', align: 'right', render: (_, p) => <Money value={p.placedAmount} /> },
            {
              title: t('accounts.status'),
              key: 'status',
              render: (_, p) =>
                p.recalledAt ? (
                  <Tag color="purple">
                    {t('accountStatus.RECALLED')} <DateTime value={p.recalledAt} />
                  </Tag>
                ) : (
                  <Tag color="blue">{t(`placementStatus.${p.status}`, { defaultValue: p.status })}</Tag>
                ),
            },
            {
              title: '',
              key: 'actions',
              render: (_, p) =>
                p.activeAccountCount > 0 ? (
                  <Button size="small" icon={<RollbackOutlined />} onClick={() => setRecalling(p)} data-testid={`recall-${p.name}`}>
                    {t('bank.recall')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {recalling ? <RecallDialog title={t('bank.recallPlacement', { name: recalling.name })} selection={{ placementId: recalling.id }} onClose={() => setRecalling(null)} /> : null}
    </div>
  );
}
