import type { accounts2En } from './accounts2.en';

/** 账户二期：重复上传、模板、搜索、优先级权重。 */
export const accounts2ZhCN: typeof accounts2En = {
  upload2: {
    duplicate: '该文件已为本银行导入过（{{fileName}}，{{importedAt}}）。仍要再次导入吗？',
    importAnyway: '仍然导入',
    cancel: '取消',
    unchanged: '未变化（保持不动）',
    nothingChanged: '文件中的账户与现有数据完全一致：未创建新的委案批次。',
    requiredColumns: '必填列',
    requiredHint: '文件需要包含以下列（常见的中文或英文表头，或列映射中保存的表头均可）；逾期天数可代替逾期起始日。',
    template: '下载模板',
  },
  chart2: {
    axis: '万{{currency}}',
    axisCny: '万元',
  },
  priority2: {
    weights: '权重：{{preset}}（第 {{version}} 版）',
    factors: { fresh_engaged: '新逾期且有联系' },
    outOf: '满分 {{weight}}',
  },
};
