/** 账户第三轮：团队成员、平台的机构、当事人、队列筛选。 */
export const accounts3ZhCN = {
  teamMembers: {
    edit: '成员',
    title: '{{name}} 的成员',
    saved: '成员已保存',
    removeHint: '移出的成员立即看不到团队的案件；其名下的团队案件回到团队待分配池。',
  },
  agencies3: {
    status: '状态',
    active: '正常',
    suspended: '已停用',
    users: '用户（启用 / 全部）',
    clients: '委托银行',
    accounts: '案件（在催 / 全部）',
    suspend: '停用',
    suspendConfirm: '停用 {{name}}？其用户将被登出，重新启用前无法登录。',
    suspendedDone: '机构已停用',
    reactivate: '重新启用',
    reactivated: '机构已重新启用',
  },
  parties: {
    title: '当事人',
    role: '身份',
    name: '姓名',
    relation: '与债务人关系',
    phone: '电话',
    roles: { debtor: '债务人', co_borrower: '共同借款人', guarantor: '担保人', third_party: '紧急联系人' },
    relations: { spouse: '配偶', parent: '父母', child: '子女', sibling: '兄弟姐妹', relative: '亲属', friend: '朋友', colleague: '同事', employer: '工作单位', other: '其他' },
  },
  queueFilter: {
    search: '姓名、账号或手机尾号',
    buckets: '账龄',
    promiseDueToday: '今日到期承诺',
    holdAny: '按队列默认',
    held: '仅暂停催收',
    notHeld: '未暂停',
  },
};
