import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n, initI18n } from './i18n';
import { SessionProvider } from './session';
import type { SessionStore } from './session-store';

initI18n();

function LocalisedAntd({ children }: { children: ReactNode }) {
  const { i18n: current } = useTranslation();
  const english = current.language === 'en';
  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
  }, [english]);
  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 6 } }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Everything a page needs around it: i18n, antd (localised), Apollo and the session. */
export function AppProviders({
  client,
  store,
  children,
}: {
  client: ApolloClient;
  store?: SessionStore;
  children: ReactNode;
}) {
  return (
    <I18nextProvider i18n={i18n}>
      <LocalisedAntd>
        <ApolloProvider client={client}>
          <SessionProvider store={store}>{children}</SessionProvider>
        </ApolloProvider>
      </LocalisedAntd>
    </I18nextProvider>
  );
}
