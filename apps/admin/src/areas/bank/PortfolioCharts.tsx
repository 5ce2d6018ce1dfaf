import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';
import { amountAxisLabel, formatCount, formatMoney, formatRatio } from '../../shared/money';
import { echarts } from './echarts';

export interface MonthPoint {
  /** "2026-03" */
  month: string;
  placed: string;
  collected: string;
  /** collected / placed as a decimal string ("0.1234") */
  liquidation: string;
}

export interface BucketPoint {
  bucket: string;
  placed: string;
  collected: string;
  accounts: number;
}

/** Browser tests screenshot the charts: no animation under automation. */
const animate = typeof navigator === 'undefined' || !navigator.webdriver;

/**
 * Chart coordinates must be numbers: the decimal strings are converted here for plotting only
 * (a bar's height); every amount a user reads (tooltips, axis labels) is formatted from the string.
 */
const plot = (decimal: string) => Number(decimal);

function useMoneyFormatter(currency: string) {
  const { i18n } = useTranslation();
  return (decimal: string) => formatMoney(decimal, currency, { locale: i18n.language }) ?? decimal;
}

/** The amount axis: 万元 in Chinese, millions in English. */
function useAmountAxis(currency: string) {
  const { t, i18n } = useTranslation();
  return { type: 'value', name: currency === 'CNY' ? t('chart2.axisCny') : t('chart2.axis', { currency }), axisLabel: { formatter: amountAxisLabel(i18n.language) } };
}

export function LiquidationByMonthChart({ data, currency }: { data: MonthPoint[]; currency: string }) {
  const { t } = useTranslation();
  const money = useMoneyFormatter(currency);
  const amountYAxis = useAmountAxis(currency);
  const option = {
    animation: animate,
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const p = data[items[0]?.dataIndex ?? 0];
        if (!p) return '';
        return [
          `<b>${p.month}</b>`,
          `${t('bank.placedAmount')}: ${money(p.placed)}`,
          `${t('bank.collectedAmount')}: ${money(p.collected)}`,
          `${t('bank.liquidation')}: ${formatRatio(p.liquidation, 2) ?? '—'}`,
        ].join('<br/>');
      },
    },
    legend: { top: 0, data: [t('bank.placedAmount'), t('bank.collectedAmount'), t('bank.liquidation')] },
    grid: { left: 16, right: 16, bottom: 8, top: 64, containLabel: true },
    xAxis: { type: 'category', data: data.map((p) => p.month) },
    yAxis: [
      amountYAxis,
      { type: 'value', name: '%', max: 100, splitLine: { show: false } },
    ],
    series: [
      { name: t('bank.placedAmount'), type: 'bar', data: data.map((p) => plot(p.placed)), itemStyle: { color: '#9db8e6' } },
      { name: t('bank.collectedAmount'), type: 'bar', data: data.map((p) => plot(p.collected)), itemStyle: { color: '#1f5fbf' } },
      { name: t('bank.liquidation'), type: 'line', yAxisIndex: 1, data: data.map((p) => plot(p.liquidation) * 100), itemStyle: { color: '#d46b08' } },
    ],
  };
  return (
    <div data-testid="chart-by-month">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 320 }} />
    </div>
  );
}

export function ByBucketChart({ data, currency }: { data: BucketPoint[]; currency: string }) {
  const { t, i18n } = useTranslation();
  const money = useMoneyFormatter(currency);
  const amountYAxis = useAmountAxis(currency);
  const option = {
    animation: animate,
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const p = data[items[0]?.dataIndex ?? 0];
        if (!p) return '';
        return [
          `<b>${p.bucket}</b>`,
          `${t('bank.accounts')}: ${formatCount(p.accounts, i18n.language)}`,
          `${t('bank.placedAmount')}: ${money(p.placed)}`,
          `${t('bank.collectedAmount')}: ${money(p.collected)}`,
        ].join('<br/>');
      },
    },
    legend: { top: 0, data: [t('bank.placedAmount'), t('bank.collectedAmount')] },
    grid: { left: 16, right: 16, bottom: 8, top: 64, containLabel: true },
    xAxis: { type: 'category', data: data.map((p) => p.bucket) },
    yAxis: amountYAxis,
    series: [
      { name: t('bank.placedAmount'), type: 'bar', data: data.map((p) => plot(p.placed)), itemStyle: { color: '#9db8e6' } },
      { name: t('bank.collectedAmount'), type: 'bar', data: data.map((p) => plot(p.collected)), itemStyle: { color: '#1f5fbf' } },
    ],
  };
  return (
    <div data-testid="chart-by-bucket">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 320 }} />
    </div>
  );
}
