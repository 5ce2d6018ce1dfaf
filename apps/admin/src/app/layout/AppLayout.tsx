import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorBoundary } from '../../shared/ErrorBoundary';
import { Loading } from '../../shared/states';
import { navigationFor } from '../routes';
import { useSession } from '../session';
import { LanguageSwitch } from './LanguageSwitch';

/** The shell after sign-in: the role's own navigation, who is signed in, language and sign-out. */
export default function AppLayout() {
  const { t } = useTranslation();
  const { me, role, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const items = navigationFor(role);
  const selected = items
    .map((r) => r.path)
    .filter((p) => location.pathname === p || location.pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);

  const current = items.find((r) => r.path === selected[0]);
  const pageTitle = current?.nav ? t(current.nav.labelKey) : null;
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} · ${t('app.name')}` : t('app.name');
  }, [pageTitle, t]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={220} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px' }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="app-name">
            {t('app.name')}
          </Typography.Title>
          {role ? (
            <Typography.Text type="secondary" data-testid="portal-name">
              {t(`app.portal.${role}`)}
            </Typography.Text>
          ) : null}
        </div>
        <Menu
          mode="inline"
          data-testid="nav"
          selectedKeys={selected}
          items={items.map((r) => ({
            key: r.path,
            icon: r.nav?.icon,
            label: <span data-testid={`nav-${r.path.replace(/\//g, '-').replace(/^-/, '')}`}>{t(r.nav?.labelKey ?? '')}</span>,
          }))}
          onClick={({ key }) => void navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            borderBottom: '1px solid #f0f0f0',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
          }}
        >
          <Space size="middle" wrap>
            {me?.agency ? <Typography.Text type="secondary">{me.agency.name}</Typography.Text> : null}
            <Space size={4}>
              <UserOutlined />
              <span data-testid="current-user">{me?.user.displayName}</span>
              {role ? <Tag data-testid="current-role">{t(`role.${role}`)}</Tag> : null}
            </Space>
            <LanguageSwitch />
            <Button icon={<KeyOutlined />} onClick={() => void navigate('/account/password')} data-testid="change-password">
              {t('password.open')}
            </Button>
            <Tooltip title={t('sessions.signOutHint')}>
              <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out">
                {t('app.signOut')}
              </Button>
            </Tooltip>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<Loading testId="page-loading" />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
