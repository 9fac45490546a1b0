export { freeTcpPort as freePort } from '../../local/servers.ts';
