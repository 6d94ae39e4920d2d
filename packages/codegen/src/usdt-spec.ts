// The USDT argument spec layout is part of the compiler-runtime contract (the runtime fills the
// map the program reads): it lives in @bpftrace-ts/artifact.
export {
  encodeUsdtSpec, USDT_SPECS_MAP, USDT_SPECS_MAX, USDT_SPEC_SIZE, USDT_MAX_ARGS, USDT_ARG_SPEC_SIZE, USDT_COOKIE_OFF,
  USDT_ARG_CNT_OFF, USDT_ARG_TYPE, USDT_IDX_REG_SHIFT, USDT_SCALE_SHIFT, type UsdtArgSpec, type UsdtArgKind,
} from '@bpftrace-ts/artifact';
