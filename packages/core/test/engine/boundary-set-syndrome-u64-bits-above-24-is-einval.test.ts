// KVM_SET_VCPU_EVENTS takes serror_esr as a u64 and refuses any bit above 24 with -EINVAL,
// nothing pending (__kvm_arm_vcpu_set_events). Bit 25 alone is covered by set-syndrome-einval;
// here the bits the engine cannot see in a 32-bit value: bit 32 and up, and a negative value,
// which reaches the ioctl as its two's complement with every high bit set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from '../helpers/engine-run.js';

const run = (esr: number) => runFixture({
  vmm: 'einval-vmm',
  vmmOptions: { esr },
  injections: [{ atNs: 10, pid: 0, page: 1, offset: 0 }],
  accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }, { atNs: 200, pid: 0, address: 0x2000, kind: 'load' }],
});

for (const [name, esr] of [['bit 32 over a valid ISS', 0x1_0000_0811], ['-1', -1]] as const) {
  test(`the set-syndrome call with ${name} returns -EINVAL and nothing pends`, { timeout: 30_000 }, async () => {
    const j = (await run(esr)).journeys[0]!;
    assert.ok(j.steps.some((s) => s.layer === 'vmm' && s.text === 'rc=-22'), 'the VMM sees -22');
    const einval = j.steps.find((s) => s.action === 'einval')!;
    assert.equal(einval.code, 22);
    assert.ok(!j.steps.some((s) => s.action === 'set-serror-esr' || s.action === 'take-vserror'), 'no virtual SError pends or is taken');
  });
}
