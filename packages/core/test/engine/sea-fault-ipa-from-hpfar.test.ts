// HypervisorContext.faultIpa for an SEA from the guest: KVM knows the faulting IPA's page
// (HPFAR_EL2, kvm_vcpu_get_fault_ipa()) when FAR_EL2 is valid, and KVM_EXIT_ARM_SEA reports it as
// its gpa; firmware that fakes the SEA with FnV=1 (no FAR) leaves it unknown (-1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POISON_THEN_LOAD } from '../helpers/boundary-run.js';
import { runFixture } from '../helpers/engine-run.js';

test('an SEA with a valid FAR: faultIpa is the 4 KiB page of the guest PA that consumed poison', { timeout: 30_000 }, async () => {
  const injections = [{ ...POISON_THEN_LOAD.injections[0]!, offset: 0x740 }];
  const accesses = [{ ...POISON_THEN_LOAD.accesses[0]!, address: 0x1740 }];
  const { journeys } = await runFixture({ accesses, injections, hypervisor: 'fault-ipa-hypervisor' });
  const j = journeys[0]!;
  const gpa = Number(j.steps.find((s) => s.layer === 'vmm' && s.action === 'record-cper')!.far); // the VMM's guest PA of the error
  assert.equal(gpa % 4096, 0x740);
  assert.equal(j.steps.find((s) => s.layer === 'hypervisor' && s.action === 'note')!.text, `far=${0x1740} faultIpa=${gpa - 0x740}`);
});

test('an SEA faked with FnV=1 (FAR not valid): faultIpa is -1', { timeout: 30_000 }, async () => {
  const { journeys } = await runFixture({ ...POISON_THEN_LOAD, firmware: 'fnv-firmware', hypervisor: 'fault-ipa-hypervisor' });
  assert.equal(journeys[0]!.steps.find((s) => s.layer === 'hypervisor' && s.action === 'note')!.text, 'far=-1 faultIpa=-1');
});
