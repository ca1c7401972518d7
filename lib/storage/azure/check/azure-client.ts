import 'server-only';
import { AnonymousCredential, ContainerClient, newPipeline, StorageSharedKeyCredential, type RequestPolicy, type RequestPolicyFactory, type WebResource } from '@azure/storage-blob';
import type { StorageAgents } from '@/lib/network/storage-agent';
import type { ParsedConnectionString } from '../connection-string';
import type { AzureClassifyContext } from './classify-error';

/**
 * Every request on the console's agents (trusted CAs, the proxy per host with NO_PROXY, the connection
 * log). Set last, it overrides the agent the SDK's own proxy policy derives from HTTPS_PROXY, which
 * would ignore the trusted CAs and tell no proxy failure apart.
 */
function agentPolicy(agents: StorageAgents): RequestPolicyFactory {
  return {
    create: (next: RequestPolicy): RequestPolicy => ({
      sendRequest: (request: WebResource) => {
        request.agent = request.url.startsWith('https:') ? agents.httpsAgent : agents.httpAgent;
        return next.sendRequest(request);
      },
    }),
  };
}

/** The container as the signed (account key or SAS) client addresses it; one attempt per request. */
export function createContainerClient(parsed: ParsedConnectionString, containerName: string, timeoutMs: number, agents: StorageAgents): ContainerClient {
  const url = `${parsed.blobEndpoint}/${encodeURIComponent(containerName)}`;
  // A retry would hide the first error and stretch the timing the admin sees.
  const options = { retryOptions: { maxTries: 1, tryTimeoutInMs: timeoutMs } };
  const { credential } = parsed;
  const signed = credential.kind === 'sas' ? `${url}?${credential.token}` : url;
  const pipeline = newPipeline(credential.kind === 'sas' ? new AnonymousCredential() : new StorageSharedKeyCredential(credential.accountName, credential.accountKey), options);
  pipeline.factories.push(agentPolicy(agents));
  return new ContainerClient(signed, pipeline);
}

/** The container's URL for an anonymous visitor: no key, no SAS. */
export function anonymousContainerUrl(parsed: ParsedConnectionString, containerName: string): string {
  return `${parsed.blobEndpoint}/${encodeURIComponent(containerName)}`;
}

/** What the classifier knows of a client's requests: where they went, how they signed, and what its agents saw. */
export function classifyContext(parsed: ParsedConnectionString, agents: StorageAgents): Pick<AzureClassifyContext, 'blobEndpoint' | 'credential' | 'proxyFailure' | 'reservedRefusal'> {
  return { blobEndpoint: parsed.blobEndpoint, credential: parsed.credential.kind, proxyFailure: agents.log.proxyFailure, reservedRefusal: agents.log.reservedRefusal };
}
