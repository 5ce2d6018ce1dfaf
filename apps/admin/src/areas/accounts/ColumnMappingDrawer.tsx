import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Drawer, Input, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlacementField } from '../../gql/graphql';
import { errorMessage } from '../../shared/errors';
import { ErrorState, Loading } from '../../shared/states';
import { ColumnMappingQuery, SaveColumnMappingMutation } from './operations';

/** The fields of a placement file, in the order a bank's file usually has them. */
export const PLACEMENT_FIELDS: PlacementField[] = [
  'bankRef',
  'cardNumber',
  'debtorName',
  'nationalId',
  'phones',
  'address',
  'employer',
  'timeZone',
  'currency',
  'principal',
  'interest',
  'fees',
  'overdueAmount',
  'delinquentSince',
  'daysPastDue',
  'chargeOffDate',
  'lastPaymentDate',
  'lastPaymentAmount',
  'contactName',
  'contactRelation',
  'contactPhone',
  'guarantorName',
  'guarantorRelation',
  'guarantorPhone',
  'coBorrowerName',
  'coBorrowerRelation',
  'coBorrowerPhone',
];

/**
 * How one bank's placement files name their columns. Empty means the default header table
 * (common English and Chinese bank headers) applies to that field.
 */
export function ColumnMappingDrawer({ client, open, onClose }: { client: { id: string; name: string } | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(ColumnMappingQuery, { variables: { clientId: client?.id ?? '' }, skip: !client || !open });
  const [save, saving] = useMutation(SaveColumnMappingMutation);
  const [headers, setHeaders] = useState<Partial<Record<PlacementField, string>>>({});

  useEffect(() => {
    const entries = data?.columnMapping.entries ?? [];
    setHeaders(Object.fromEntries(entries.map((e) => [e.field, e.header])));
  }, [data]);

  const required = new Set(data?.columnMapping.entries.filter((e) => e.required).map((e) => e.field) ?? ['bankRef', 'debtorName', 'principal', 'overdueAmount']);

  const submit = async (mapping: Array<{ field: PlacementField; header: string }>) => {
    if (!client) return;
    try {
      await save({ variables: { clientId: client.id, mapping } });
      void message.success(t('mapping.saved'));
      void refetch();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="large"
      title={`${t('mapping.title')}${client ? ` · ${client.name}` : ''}`}
      extra={
        <Space>
          <Button onClick={() => void submit([])} disabled={!client || saving.loading} data-testid="mapping-reset">
            {t('mapping.useDefault')}
          </Button>
          <Button
            type="primary"
            loading={saving.loading}
            disabled={!client}
            data-testid="mapping-save"
            onClick={() =>
              void submit(
                PLACEMENT_FIELDS.filter((f) => headers[f]?.trim()).map((f) => ({ field: f, header: (headers[f] ?? '').trim() })),
              )
            }
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {loading && !data ? <Loading /> : null}
      {error && !data ? <ErrorState error={error} onRetry={() => void refetch()} /> : null}
      {data ? (
        <>
          <Alert type="info" showIcon title={data.columnMapping.isDefault ? t('mapping.isDefault') : t('mapping.hint')} style={{ marginBottom: 16 }} />
          <Table
            size="small"
            pagination={false}
            rowKey={(f) => f}
            dataSource={PLACEMENT_FIELDS}
            data-testid="mapping-table"
            columns={[
              {
                title: t('mapping.field'),
                key: 'field',
                render: (_, f) => (
                  <Space orientation="vertical" size={0}>
                    <span>
                      {t(`fields.${f}`)} {required.has(f) ? <Tag color="red">{t('mapping.required')}</Tag> : null}
                    </span>
                    <Typography.Text type="secondary" code>
                      {f}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('mapping.header'),
                key: 'header',
                render: (_, f) => (
                  <Input
                    value={headers[f] ?? ''}
                    placeholder={t('mapping.defaultHeader')}
                    onChange={(e) => setHeaders((h) => ({ ...h, [f]: e.target.value }))}
                    data-testid={`mapping-${f}`}
                  />
                ),
              },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}
