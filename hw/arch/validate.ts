// Cross-field rules the schema cannot state field by field. Each problem names the JSON path of
// the field to change, why, and how to fix it; the loader turns the first into an OhmflowError.
import { adcCountFor, type Arch } from './schema.js';
import { weightSlices } from './derived.js';

interface ArchProblem {
  path: string;
  message: string;
  fix: string;
}

/** All cross-field problems of a schema-valid arch, in document order (empty when valid). */
export function crossFieldProblems(arch: Arch): ArchProblem[] {
  const problems: ArchProblem[] = [];
  const add = (path: string, message: string, fix: string) => problems.push({ path, message, fix });
  const { crossbar, dac, adc } = arch.tile.pe;
  const { weightBits, inputBits } = arch.precision;

  if (crossbar.activeRows > crossbar.rows) {
    add('tile.pe.crossbar.activeRows', `${crossbar.activeRows} rows read at once but a crossbar has only ${crossbar.rows} rows`,
      `set activeRows to at most ${crossbar.rows}`);
  }
  if (crossbar.cellBits > weightBits) {
    add('tile.pe.crossbar.cellBits', `cells of ${crossbar.cellBits} bits exceed the ${weightBits}-bit weights`,
      `set cellBits to at most precision.weightBits (${weightBits})`);
  }
  const slices = weightSlices(arch);
  if (slices > crossbar.cols) {
    add('tile.pe.crossbar.cols', `one weight needs ${slices} columns (${weightBits} bits over ${crossbar.cellBits}-bit cells, ${arch.precision.weightEncoding} encoding) but a crossbar has ${crossbar.cols}`,
      'use more columns, wider cells or fewer weight bits');
  }
  if (dac.bits > inputBits) {
    add('tile.pe.dac.bits', `${dac.bits}-bit DACs exceed the ${inputBits}-bit inputs`, `set dac.bits to at most precision.inputBits (${inputBits})`);
  }
  if (dac.count < crossbar.activeRows) {
    add('tile.pe.dac.count', `${dac.count} DACs cannot drive the ${crossbar.activeRows} rows of one read`,
      `use at least ${crossbar.activeRows} DACs (ISAAC has one per row of every crossbar)`);
  }
  // An ADC may span crossbars (its mux reaching whole arrays of its PE), never part of one.
  if (adc.columnsPerAdc > crossbar.cols) {
    const spanned = adc.columnsPerAdc / crossbar.cols;
    if (!Number.isInteger(spanned) || crossbar.count % spanned !== 0) {
      const ways = [];
      for (let k = 2; k <= crossbar.count; k++) if (crossbar.count % k === 0) ways.push(k * crossbar.cols);
      const why = Number.isInteger(spanned)
        ? `the PE's ${crossbar.count} crossbars do not split evenly into groups of ${spanned} sharing an ADC`
        : `an ADC shared by ${adc.columnsPerAdc} columns must serve whole crossbars of ${crossbar.cols} columns`;
      add('tile.pe.adc.columnsPerAdc', why,
        `set columnsPerAdc to at most crossbar.cols (${crossbar.cols})${ways.length > 0 ? `, or to one of ${ways.join(', ')}` : ''}`);
    }
  }
  const columns = crossbar.count * crossbar.cols;
  const needed = adcCountFor(crossbar.count, crossbar.cols, adc.columnsPerAdc);
  if (adc.count < needed) {
    add('tile.pe.adc.count', `${adc.count} ADCs x ${adc.columnsPerAdc} columns each cannot serve the ${columns} columns of the PE`,
      `use ${needed} ADCs (or leave count out: it follows from columnsPerAdc), or share each among more columns`);
  } else if (adc.count > needed) {
    add('tile.pe.adc.count', `${adc.count} ADCs contradict columnsPerAdc ${adc.columnsPerAdc}: the ${columns} columns of the PE need ${needed}, so ${adc.count - needed} would sit idle while the chip pays for them`,
      `use ${needed} ADCs (or leave count out), or set columnsPerAdc to ${Math.ceil(columns / adc.count)}`);
  }
  const device = arch.device;
  if (device?.wireResistanceOhm !== undefined && device.wireResistanceOhm > 0 && device.lrsResistanceOhm === undefined) {
    add('device.lrsResistanceOhm', 'IR drop needs the cell resistance to compare the wire resistance with',
      'set device.lrsResistanceOhm (the resistance of a cell at the top level, e.g. 10000), or remove wireResistanceOhm');
  }
  const routers = arch.noc.rows * arch.noc.cols;
  if (arch.chip.tiles > routers * arch.noc.tilesPerRouter) {
    add('chip.tiles', `${arch.chip.tiles} tiles do not fit a ${arch.noc.rows} x ${arch.noc.cols} mesh of routers serving ${arch.noc.tilesPerRouter} tiles each`,
      `grow noc.rows/noc.cols to at least ${Math.ceil(arch.chip.tiles / arch.noc.tilesPerRouter)} routers`);
  }
  const meshPorts = routers > 1 ? 1 : 0; // a router in a mesh of more than one needs a neighbour port
  if (arch.noc.routerPorts < arch.noc.tilesPerRouter + meshPorts) {
    add('noc.routerPorts', `${arch.noc.routerPorts} ports cannot connect ${arch.noc.tilesPerRouter} tiles${meshPorts ? ' and a neighbour router' : ''}`,
      `use at least ${arch.noc.tilesPerRouter + meshPorts} ports`);
  }
  const digital = arch.tile.digitalMacPes;
  if (digital && digital.operandBits < Math.max(weightBits, inputBits) && digital.count > 0) {
    add('tile.digitalMacPes.operandBits', `${digital.operandBits}-bit multipliers cannot take ${Math.max(weightBits, inputBits)}-bit operands`,
      `set operandBits to at least ${Math.max(weightBits, inputBits)}`);
  }
  return problems;
}
