// Proves the object path by hand-written IR: a BTF-described per-CPU array, a
// ring buffer, a tracepoint program and the license, through llc to bpftool.

import { expect, it } from 'vitest';
import { runLlc } from '../src/llc.js';
import { canLoad, describeEachLlc, loadAll, pinnedLeft } from './fixture.js';

export const HAND_IR = String.raw`
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"
@pc = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !10
@rb = global { ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !30
@LICENSE = global [4 x i8] c"GPL\00", section "license", align 1
@llvm.compiler.used = appending global [4 x ptr] [ptr @pc, ptr @rb, ptr @LICENSE, ptr @prog], section "llvm.metadata"

define i64 @prog(ptr %ctx) #0 section "tracepoint/syscalls/sys_enter_openat" !dbg !50 {
entry:
  %k = alloca i32, align 4
  %x = alloca i64, align 8
  store i32 0, ptr %k
  %v = call ptr inttoptr (i64 1 to ptr)(ptr @pc, ptr %k)
  %isnull = icmp eq ptr %v, null
  br i1 %isnull, label %done, label %inc
inc:
  %old = load i64, ptr %v
  %new = add i64 %old, 1
  store i64 %new, ptr %v
  br label %done
done:
  store i64 1, ptr %x
  %r = call i64 inttoptr (i64 130 to ptr)(ptr @rb, ptr %x, i64 8, i64 0)
  ret i64 0
}
attributes #0 = { nounwind }

!llvm.dbg.cu = !{!1}
!llvm.module.flags = !{!3, !4}
!1 = distinct !DICompileUnit(language: DW_LANG_C99, file: !2, producer: "bpftrace-ts", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !5)
!2 = !DIFile(filename: "bpftrace.bpf", directory: ".")
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = !{!10, !30}
!6 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!7 = !DIBasicType(name: "unsigned char", size: 8, encoding: DW_ATE_unsigned_char)
!8 = !DIBasicType(name: "unsigned int", size: 32, encoding: DW_ATE_unsigned)
!10 = !DIGlobalVariableExpression(var: !11, expr: !DIExpression())
!11 = distinct !DIGlobalVariable(name: "pc", scope: !1, file: !2, type: !12, isLocal: false, isDefinition: true)
!12 = !DICompositeType(tag: DW_TAG_structure_type, file: !2, size: 256, elements: !13)
!13 = !{!14, !17, !20, !23}
!14 = !DIDerivedType(tag: DW_TAG_member, name: "type", scope: !12, file: !2, baseType: !15, size: 64)
!15 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !16, size: 64)
!16 = !DICompositeType(tag: DW_TAG_array_type, baseType: !6, size: 192, elements: !{!DISubrange(count: 6)})
!17 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", scope: !12, file: !2, baseType: !18, size: 64, offset: 64)
!18 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !19, size: 64)
!19 = !DICompositeType(tag: DW_TAG_array_type, baseType: !6, size: 32, elements: !{!DISubrange(count: 1)})
!20 = !DIDerivedType(tag: DW_TAG_member, name: "key", scope: !12, file: !2, baseType: !21, size: 64, offset: 128)
!21 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !8, size: 64)
!23 = !DIDerivedType(tag: DW_TAG_member, name: "value", scope: !12, file: !2, baseType: !24, size: 64, offset: 192)
!24 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !25, size: 64)
!25 = !DICompositeType(tag: DW_TAG_array_type, baseType: !7, size: 64, elements: !{!DISubrange(count: 8)})
!30 = !DIGlobalVariableExpression(var: !31, expr: !DIExpression())
!31 = distinct !DIGlobalVariable(name: "rb", scope: !1, file: !2, type: !32, isLocal: false, isDefinition: true)
!32 = !DICompositeType(tag: DW_TAG_structure_type, file: !2, size: 128, elements: !33)
!33 = !{!34, !37}
!34 = !DIDerivedType(tag: DW_TAG_member, name: "type", scope: !32, file: !2, baseType: !35, size: 64)
!35 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !36, size: 64)
!36 = !DICompositeType(tag: DW_TAG_array_type, baseType: !6, size: 864, elements: !{!DISubrange(count: 27)})
!37 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", scope: !32, file: !2, baseType: !38, size: 64, offset: 64)
!38 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !39, size: 64)
!39 = !DICompositeType(tag: DW_TAG_array_type, baseType: !6, size: 8388608, elements: !{!DISubrange(count: 262144)})
!50 = distinct !DISubprogram(name: "prog", scope: !2, file: !2, type: !51, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition, unit: !1, retainedNodes: !54)
!51 = !DISubroutineType(types: !52)
!52 = !{!53, !55}
!53 = !DIBasicType(name: "int64", size: 64, encoding: DW_ATE_signed)
!54 = !{!56}
!55 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !7, size: 64)
!56 = !DILocalVariable(name: "ctx", arg: 1, scope: !50, file: !2, type: !55)
`;

describeEachLlc('object path (hand-written IR)', (llc) => {
  it('llc turns the IR into a BPF ELF object', () => {
    const r = runLlc(HAND_IR, llc);
    expect(r.diagnostics).toEqual([]);
    expect(r.object).toBeDefined();
    expect([...r.object!.slice(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    console.log(`${llc} on the hand-written IR: ${r.ms.toFixed(1)} ms`);
  });

  it('a failing llc becomes a diagnostic', () => {
    const r = runLlc('this is not IR', llc);
    expect(r.object).toBeUndefined();
    expect(r.diagnostics[0].code).toBe('codegen/llc');
  });

  it.skipIf(!canLoad)('bpftool prog loadall accepts it and cleanup leaves nothing', () => {
    const r = runLlc(HAND_IR, llc);
    expect(loadAll(r.object!)).toBeUndefined();
    expect(pinnedLeft()).toBe(false);
  });
  if (!canLoad) console.warn('\n!!! SKIPPED BPF load tests: need root, bpftool and /sys/fs/bpf !!!\n');
});
