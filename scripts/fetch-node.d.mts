/** Path to the pinned node binary named `which` in package.json's "diemcau", fetched if need be. */
export function fetchNode(which: 'windowsNode' | 'linuxNodeLts'): string;
