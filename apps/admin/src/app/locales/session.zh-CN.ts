import type { sessionEn } from './session.en';

export const sessionZhCN: typeof sessionEn = {
  password: {
    title: '修改密码',
    open: '修改密码',
    forcedTitle: '设置新密码',
    forcedHint: '管理员已重置您的密码，请设置新密码后继续。',
    current: '当前密码',
    next: '新密码',
    confirm: '再次输入新密码',
    currentRequired: '请输入当前密码',
    nextRequired: '请输入新密码',
    mismatch: '两次输入的新密码不一致',
    submit: '修改密码',
    changed: '密码已修改，您在其他设备上的登录已退出。',
    policy: '至少 {{min}} 个字符。',
    reason: {
      PASSWORD_TOO_SHORT: '密码至少需要 {{min}} 个字符。',
      PASSWORD_TOO_LONG: '密码最多 {{max}} 个字节。',
      PASSWORD_UNCHANGED: '新密码不能与当前密码相同。',
      CURRENT_PASSWORD_INCORRECT: '当前密码不正确。',
    },
  },
  sessions: {
    signOutHint: '退出登录会结束您在所有浏览器中的登录。',
    signOutEverywhere: '全部下线',
    confirmSignOutEverywhere: '立即让 {{name}} 在所有浏览器中退出登录？',
    signedOutEverywhere: '{{name}} 已在所有设备上退出登录。',
    resetPassword: '重置密码',
    resetTitle: '重置 {{name}} 的密码',
    resetHint: '其登录将立即结束；下次登录时必须设置新密码。',
    temporaryPassword: '临时密码',
    resetDone: '密码已重置。请通过安全渠道把临时密码告知 {{name}}。',
  },
};
