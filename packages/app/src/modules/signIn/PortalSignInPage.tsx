import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';

const githubProvider: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your Meridian Bank GitHub account',
  apiRef: githubAuthApiRef,
};

export function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('portal.signIn.providers') ?? [
    'guest',
  ];
  const providers = names.map(name =>
    name === 'github' ? githubProvider : ('guest' as const),
  );
  return (
    <SignInPage
      {...props}
      title="Meridian Developer Portal"
      align="center"
      providers={providers}
    />
  );
}
