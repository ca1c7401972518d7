import https from 'node:https';
import tls from 'node:tls';
import { BlobServiceClient, ContainerClient, newPipeline, type RequestPolicy, type RequestPolicyFactory, type StoragePipelineOptions, type WebResource } from '@azure/storage-blob';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { PluginConfigError, type AzurePluginConfig } from './config';

// The one ContainerClient the plugin talks through: signed by the connection string's account key or
// SAS, every try bounded by timeoutMs, through the proxy (the SDK's proxyOptions) and trusting the
// extra CAs when the configuration names them.

export interface ClientOptions extends Pick<AzurePluginConfig, 'connectionString' | 'container' | 'timeoutMs' | 'maxTries' | 'caPems' | 'proxyUrl'> {
  /** Replaces the agent of https requests (tests, or a caller with its own trust store and proxy). */
  agent?: https.Agent;
}

/** Set last in the pipeline, so it wins over the agent the SDK's proxy policy would pick. */
function agentPolicy(agent: https.Agent): RequestPolicyFactory {
  return {
    create: (next: RequestPolicy): RequestPolicy => ({
      sendRequest: (request: WebResource) => {
        if (request.url.startsWith('https:')) request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  };
}

export function proxyOptionsOf(proxyUrl: string): NonNullable<StoragePipelineOptions['proxyOptions']> {
  const url = new URL(proxyUrl);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return {
    host: `${url.protocol}//${url.hostname}`,
    port,
    ...(url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : {}),
  };
}

/**
 * The SDK's proxy agent ignores custom CAs, so a private CA behind a proxy gets an agent of its own.
 * HttpsProxyAgent opens the TLS session to the storage with the request's options only (Node does not
 * merge the agent's): the CAs are added there.
 */
class TrustingProxyAgent extends HttpsProxyAgent<string> {
  constructor(proxyUrl: string, private readonly ca: string[]) {
    super(proxyUrl, { ca, keepAlive: true });
  }

  override connect(req: Parameters<HttpsProxyAgent<string>['connect']>[0], opts: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
    return super.connect(req, { ...opts, ca: this.ca } as typeof opts);
  }
}

function trustingAgent(caPems: string[], proxyUrl: string | null): https.Agent {
  const ca = [...tls.rootCertificates, ...caPems];
  if (proxyUrl) return new TrustingProxyAgent(proxyUrl, ca);
  return new https.Agent({ ca, keepAlive: true });
}

export function createContainerClient(options: ClientOptions): ContainerClient {
  let service: BlobServiceClient;
  try {
    // Parsing only: fromConnectionString makes no request. Its messages are not passed on (they could quote the string).
    service = BlobServiceClient.fromConnectionString(options.connectionString);
  } catch {
    throw new PluginConfigError('the connection string cannot be read (expected AccountName/AccountKey or BlobEndpoint/SharedAccessSignature)');
  }
  const pipeline = newPipeline(service.credential, {
    retryOptions: { maxTries: options.maxTries, tryTimeoutInMs: options.timeoutMs },
    ...(options.proxyUrl ? { proxyOptions: proxyOptionsOf(options.proxyUrl) } : {}),
  });
  const agent = options.agent ?? (options.caPems.length > 0 ? trustingAgent(options.caPems, options.proxyUrl) : undefined);
  if (agent) pipeline.factories.push(agentPolicy(agent));
  // getContainerClient keeps the SAS query of a SAS connection string.
  return new ContainerClient(service.getContainerClient(options.container).url, pipeline);
}
