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
  expiry: {
    title: '即将到期的委案',
    daysLeft: '剩余天数',
    days_one: '{{count}} 天',
    days_other: '{{count}} 天',
    extension: '留案申请',
    until: '留案至',
    untilRequired: '请选择留案截止日期',
    reasonRequired: '请填写留案理由',
    request: '申请留案',
    requested: '已向银行提交留案申请',
    approve: '同意',
    reject: '拒绝',
    approved: '已同意留案',
    rejected: '已拒绝留案',
    status: { requested: '待银行审批', approved: '已同意', rejected: '已拒绝' },
    refusal: {
      PLACEMENT_NOT_ACTIVE: '该委案批次已不在催收中',
      PLACEMENT_HAS_NO_EXPIRY: '该委案批次没有到期日',
      EXTENSION_ALREADY_REQUESTED: '已有留案申请等待银行审批',
      EXTENSION_NOT_LATER: '请选择晚于当前到期日（{{expiresOn}}）的日期',
      EXTENSION_IN_THE_PAST: '请选择晚于今天（{{today}}）的日期',
      EXTENSION_ALREADY_DECIDED: '该申请已处理',
    },
  },
  teams: {
    title: '团队',
    create: '新建团队',
    created: '团队已创建',
    name: '团队名称',
    nameRequired: '请填写团队名称',
    members: '成员',
    hint: '分配给团队的案件按轮询分给成员，团队成员都能看到团队的案件。停用的催收员名下案件会立即回到未分配池。',
  },
  export2: {
    from: '委案起始日',
    to: '委案截止日',
    csv: '导出 CSV',
    xlsx: '导出 Excel',
  },
  priority2: {
    weights: '权重：{{preset}}（第 {{version}} 版）',
    factors: { fresh_engaged: '新逾期且有联系' },
    outOf: '满分 {{weight}}',
  },
};
