import * as sdk from '@mlotel/sdk';
import * as cli from '../src/semconv';

describe('cli semconv', () => {
  it.each([
    'EVENT_ML_PREDICTION',
    'EVENT_ML_FEEDBACK',
    'ATTR_EVENT_NAME',
    'ATTR_ML_MODEL_NAME',
    'ATTR_ML_MODEL_VERSION',
    'ATTR_ML_PREDICTION_ID',
    'ATTR_ML_PREDICTION_LATENCY_MS',
    'ATTR_ML_PREDICTION_CONFIDENCE',
    'ATTR_ML_MODEL_STAGE',
    'ATTR_ML_SAMPLING_RATE',
    'ATTR_ML_PAYLOAD_SHAPED',
    'ATTR_ERROR_TYPE',
    'ATTR_EXCEPTION_TYPE',
    'ATTR_EXCEPTION_MESSAGE',
    'RES_HOST_NAME',
    'RES_SERVICE_NAME',
  ] as const)('%s equals the SDK constant of the same name', (name) => {
    expect(cli[name]).toBe((sdk as Record<string, unknown>)[name]);
  });

  it('routes the same events to the dataset file as the SDK declares', () => {
    expect([...cli.DATASET_EVENTS]).toEqual([...sdk.DATASET_EVENTS]);
  });
});
