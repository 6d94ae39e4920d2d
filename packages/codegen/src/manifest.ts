// The manifest's types live in @bpftrace-ts/artifact, the contract shared with the runtime;
// re-exported here so that codegen's users keep importing them from codegen.
export * from '@bpftrace-ts/artifact';
