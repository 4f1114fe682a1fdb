package dev.headcount.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads the flat Parquet files that {@code Dataset.to_parquet} and the Hub's parquet conversion
 * write (strings, integer and float columns). Uses a plain configuration so no Hadoop file system
 * or configuration files are involved.
 */
public final class ParquetReader {

    public RowTable read(Path file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> where = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            for (Type field : schema.getFields()) {
                if (!field.isPrimitive()) {
                    throw DataFormatException.in(file, "column '" + field.getName() + "' is nested; only flat tables are supported");
                }
                columns.add(field.getName());
            }
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group group = records.read();
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 0; c < columns.size(); c++) {
                        row.put(columns.get(c), group.getFieldRepetitionCount(c) == 0 ? null : value(group, c, schema.getType(c)));
                    }
                    rows.add(row);
                    where.add("row " + rows.size());
                }
            }
        } catch (RuntimeException e) {
            throw DataFormatException.in(file, "not a readable Parquet file: " + e);
        }
        return new RowTable(file, columns, rows, where);
    }

    private static Object value(Group group, int column, Type type) {
        PrimitiveType.PrimitiveTypeName primitive = type.asPrimitiveType().getPrimitiveTypeName();
        return switch (primitive) {
            case INT32 -> (long) group.getInteger(column, 0);
            case INT64 -> group.getLong(column, 0);
            case FLOAT -> (double) group.getFloat(column, 0);
            case DOUBLE -> group.getDouble(column, 0);
            case BOOLEAN -> group.getBoolean(column, 0) ? 1L : 0L;
            default -> group.getString(column, 0);
        };
    }
}
