package io.drsmonitor.avro;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model our serdes read and write with: the generated class's own model (its logical
 * type conversions) with Avro's generated coders switched on. avro-maven-plugin generates a
 * {@code customEncode}/{@code customDecode} for every record without logical types (all of the
 * summaries' state); Avro uses them only when asked, and they skip the schema walk of the generic
 * path. Records that have none (those with timestamps) are written the generic way as before.
 */
final class GeneratedCoders {
    private GeneratedCoders() {
    }

    static SpecificData modelFor(Schema schema) {
        SpecificData generated = SpecificData.getForSchema(schema);
        SpecificData model = new SpecificData(generated.getClassLoader());
        generated.getConversions().forEach(model::addLogicalTypeConversion);
        model.setCustomCoders(true);
        return model;
    }
}
