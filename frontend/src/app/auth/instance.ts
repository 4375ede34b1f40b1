/** The session of this tab, wired to the HTTP client. */
import { client, setAccessTokenProvider, setAccessTokenRefresher, unwrap } from '../../api/client';
import { AuthSession, browserChannel, browserLock } from './session';

export const authSession = new AuthSession({
  loadMoi: async () => unwrap(await client.GET('/api/v1/moi')),
  lock: browserLock,
  channel: browserChannel(),
});

setAccessTokenProvider(authSession.getAccessToken);
setAccessTokenRefresher(authSession.refresh);
