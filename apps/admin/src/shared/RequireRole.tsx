import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../app/roles';
import { useCurrentRole } from './current-role';
import { Notice } from './Notice';

export function NoAccess() {
  const { t } = useTranslation();
  return <Notice testId="no-access" title={t('common.noAccess')} hint={t('common.noAccessHint')} />;
}

/** Shows its children only to the given roles; anyone else gets a plain "no access" message. */
export function RequireRole({ roles, children, fallback }: { roles: readonly Role[]; children: ReactNode; fallback?: ReactNode }) {
  const role = useCurrentRole();
  if (!role || !roles.includes(role)) return <>{fallback ?? <NoAccess />}</>;
  return <>{children}</>;
}
